package dev.netservices.files.session;

import dev.netservices.common.time.ServiceClock;

/**
 * The clock side of one session: when it connected, what it is doing since when, and how many body bytes it moved, so that
 * the server's watchdog thread ({@link #tick()}) can end a connection that sent no command within the
 * first-command deadline (TLS handshake included), a session idle past the timeout or a transfer
 * slower than the minimum rate, and the service's shutdown ({@link #drain()}) can end it between commands.
 *
 * <p>The session thread blocks in reads without timeouts of their own (see {@link PlainConduit}), so the
 * watchdog acts from outside: it stops the connection's input, the blocked read sees end of stream, finds
 * {@link #stopReason()} set and tells the client why before closing. A download that stalls cannot be
 * told anything mid-body, so it is simply closed. Time comes from the injected {@link ServiceClock}.
 */
final class SessionWatchdog {

    enum State { WAITING, COMMAND, RECEIVING, SENDING, CLOSED }

    private final Conduit conduit;
    private final FileLimits limits;
    private final ServiceClock clock;
    private final SessionListener listener;
    private final long openedAt;

    // Written by the session thread and the watchdog thread, both under this object's monitor.
    private State state = State.WAITING;
    private long stateSince;
    private boolean draining;
    private boolean commandSeen;
    private long windowStart;
    private long windowStartBytes;
    private volatile Reply stopReason;
    // Body bytes moved in the current transfer: written by the session thread, sampled by the watchdog.
    private volatile long transferred;
    // The account's rate the current transfer is paced to, 0 when it is not: the minimum rate must not end it.
    private volatile long pacedRate;

    SessionWatchdog(Conduit conduit, FileLimits limits, ServiceClock clock, SessionListener listener) {
        this.conduit = conduit;
        this.limits = limits;
        this.clock = clock;
        this.listener = listener;
        this.openedAt = clock.nanoTime();
        this.stateSince = openedAt;
    }

    /**
     * Moves to {@code next}; false when entering WAITING while the server drains, so the session
     * ends between commands rather than in the middle of one.
     */
    synchronized boolean enter(State next) {
        state = next;
        commandSeen |= next == State.COMMAND;
        stateSince = clock.nanoTime();
        transferred = 0;
        windowStart = stateSince;
        windowStartBytes = 0;
        pacedRate = 0;
        return !(next == State.WAITING && draining);
    }

    /** Counts body bytes moved in the current transfer. */
    void moved(long bytes) {
        transferred += bytes;
    }

    /**
     * The current transfer is paced to {@code rate} bytes per second: the minimum transfer rate checked for it is at
     * most half of that, so an account's slow rate is not taken for a stalled peer.
     */
    void paced(long rate) {
        pacedRate = rate;
    }

    long transferred() {
        return transferred;
    }

    /** Why the watchdog or a shutdown ended the session, to be told to the client; null while it goes on. */
    Reply stopReason() {
        return stopReason;
    }

    /** Called every few hundred milliseconds by the server's watchdog thread. */
    synchronized void tick() {
        long now = clock.nanoTime();
        long inState = now - stateSince;
        switch (state) {
            case WAITING -> {
                if (!commandSeen) {
                    checkFirstCommand(now);
                } else if (inState > limits.idleTimeout().toNanos()) {
                    stop(Reply.error(ReplyCode.TIMEOUT, "idle for longer than " + limits.idleTimeout()).closing());
                }
            }
            case COMMAND -> {
                // a reply the client does not read blocks the write; past the idle timeout give up
                if (inState > limits.idleTimeout().toNanos()) {
                    conduit.close();
                }
            }
            case RECEIVING, SENDING -> checkRate(now);
            case CLOSED -> {
            }
        }
    }

    /**
     * A connection gets {@code firstCommandTimeout}, not the idle timeout, from accept to its first command line,
     * TLS handshake included: a slot held by a connection that never said anything comes back in seconds.
     */
    private void checkFirstCommand(long now) {
        if (stopReason == null && now - openedAt > limits.firstCommandTimeout().toNanos()) {
            listener.firstCommandLate();
            stop(Reply.error(ReplyCode.TIMEOUT, "no command within " + Durations.shown(limits.firstCommandTimeout()) + " of connecting")
                    .closing());
        }
    }

    private void checkRate(long now) {
        long window = now - windowStart;
        long paced = pacedRate;
        long minimum = paced > 0 ? Math.min(limits.minTransferRate(), paced / 2) : limits.minTransferRate();
        if (minimum <= 0 || window < limits.rateWindow().toNanos()) {
            return;
        }
        long moved = transferred - windowStartBytes;
        if (moved < minimum * (window / 1e9)) {
            Reply reason = Reply.error(ReplyCode.TIMEOUT, "transfer slower than %d bytes/s (%d bytes in %d ms)"
                    .formatted(minimum, moved, window / 1_000_000)).closing();
            if (state == State.RECEIVING) {
                stop(reason);
            } else {
                stopReason = reason;
                conduit.close();
            }
            return;
        }
        windowStart = now;
        windowStartBytes = transferred;
    }

    /** The server stops: a session waiting for a command ends now, the others after their current one. */
    synchronized void drain() {
        draining = true;
        if (state == State.WAITING) {
            stop(Reply.SHUTTING_DOWN.closing());
        }
    }

    // Shutting the input wakes the session thread's blocked read with end of stream.
    private void stop(Reply reason) {
        if (stopReason != null) {
            return;
        }
        stopReason = reason;
        conduit.stopInput();
    }
}
