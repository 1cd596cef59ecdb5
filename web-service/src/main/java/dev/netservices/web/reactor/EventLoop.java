package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.http.HttpLimits;

/**
 * One thread, one Selector, many connections. The acceptor hands it channels through a queue; from
 * then on everything about a connection, timeouts included, happens on this thread, except a TLS handshake's
 * delegated tasks ({@link HandshakeTasks}), whose end comes back through a second queue ({@link #resume}).
 *
 * <p>On the TLS port the loop admits at most {@code web.tls.max-handshakes} handshakes in progress, and a
 * client address at most {@code web.tls.max-handshakes-per-address} over the port's loops; a connection past
 * either is closed at once, before its engine exists, and counted ({@link Refusal}). Closed rather than left
 * unread in a queue: a queued connection still holds a descriptor and a connection slot, and would wait behind
 * stalled handshakes for the header timeout anyway; a client refused at once can retry at once.
 *
 * <p>Whatever one connection throws, {@link Error}s included (an {@code OutOfMemoryError} is one a client can
 * provoke), closes that connection only, which frees its buffers, and is counted
 * ({@link ServerStats#failed}). An {@code OutOfMemoryError} in the loop's own work (a sweep, a selection) is
 * survived the same way. Should the loop itself die anyway, it closes its connections and tells its
 * {@link LoopSupervisor} ({@code onDeath}), which replaces it.
 */
final class EventLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    private static final int READ_BUFFER_BYTES = 32 * 1024;
    private static final int FILE_CHUNK_BYTES = 16 * 1024; // a TLS record's largest plaintext

    private final Selector selector;
    private final ConnectionSetup setup;
    private final ServiceClock clock;
    private final Queue<Accepted> incoming = new ConcurrentLinkedQueue<>();
    private final Queue<Connection> resumed = new ConcurrentLinkedQueue<>();
    private final Set<Connection> connections = new HashSet<>();
    private final AtomicInteger load = new AtomicInteger();
    // Shared by all of this loop's connections: a connection keeps bytes of its own only while pipelining.
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    // TLS only: a record's worth of a file on its way into the cipher; every send empties it.
    private final ByteBuffer fileChunk;
    private final HandshakeSlots handshakes; // TLS only
    private final long sweepNanos;

    private final Consumer<EventLoop> onDeath;
    private volatile boolean running = true;
    private volatile boolean alive = true;
    private volatile boolean draining;
    private boolean drainApplied;
    private long nextSweep;

    EventLoop(ConnectionSetup setup, Consumer<EventLoop> onDeath) throws IOException {
        this.selector = Selector.open();
        this.onDeath = onDeath;
        this.setup = setup;
        this.clock = setup.clock();
        HttpLimits limits = setup.limits();
        Duration shortest = limits.headerTimeout().compareTo(limits.idleTimeout()) < 0
                ? limits.headerTimeout() : limits.idleTimeout();
        this.sweepNanos = Math.clamp(shortest.toNanos() / 8, 10_000_000L, 500_000_000L);
        this.fileChunk = setup.secure() ? ByteBuffer.allocate(FILE_CHUNK_BYTES) : null;
        this.handshakes = setup.secure()
                ? new HandshakeSlots(limits.maxHandshakes(), setup.handshakesPerAddress(), setup.stats()) : null;
    }

    /** A channel the acceptor admitted, with the client address it was counted under. */
    record Accepted(SocketChannel channel, String address) {
    }

    /** Connections owned or about to be owned; the acceptor picks the loop with the fewest. */
    int load() {
        return load.get();
    }

    /** Called by the acceptor thread. */
    void hand(SocketChannel channel, String address) {
        load.incrementAndGet();
        incoming.add(new Accepted(channel, address));
        selector.wakeup();
    }

    /** Called by a handshake task's thread when the task is done: the loop takes the handshake up again. */
    void resume(Connection connection) {
        resumed.add(connection);
        selector.wakeup();
    }

    void startDraining() {
        draining = true;
        selector.wakeup();
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        nextSweep = clock.nanoTime() + sweepNanos;
        try {
            while (running) {
                try {
                    turn();
                } catch (OutOfMemoryError e) {
                    // Not one connection's: nothing to close. The heap is short now; the next turn tries again.
                    setup.stats().connectionFailed();
                }
            }
        } catch (Throwable e) {
            log.error("Event loop {} stopped by an unexpected error", Thread.currentThread().getName(), e);
        } finally {
            alive = false;
            try {
                closeAll();
            } finally {
                if (running) {
                    onDeath.accept(this);
                }
            }
        }
    }

    private void turn() throws IOException {
        selector.select(this::onSelected, Math.max(1, sweepNanos / 1_000_000));
        registerIncoming();
        Connection connection;
        while ((connection = resumed.poll()) != null) {
            guarded(connection, Connection::onTaskDone);
        }
        long now = clock.nanoTime();
        if (draining && !drainApplied) {
            drainApplied = true;
            List.copyOf(connections).forEach(c -> guarded(c, Connection::drain));
        }
        if (now - nextSweep >= 0) {
            nextSweep = now + sweepNanos;
            sweep(now);
        }
    }

    /** False once the loop's thread has ended; a dead loop takes no connections. */
    boolean alive() {
        return alive;
    }

    private void onSelected(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        if (!key.isValid()) {
            return;
        }
        if (key.isReadable()) {
            guarded(connection, Connection::onReadable);
        } else if (key.isWritable()) {
            guarded(connection, Connection::onWritable);
        }
    }

    /** Runs one connection's step; anything it throws closes that connection and no other. */
    private void guarded(Connection connection, Consumer<Connection> step) {
        try {
            step.accept(connection);
        } catch (Throwable e) {
            // Closed first: under an OutOfMemoryError that frees the connection's buffers before the log allocates.
            try {
                connection.close();
            } catch (Throwable again) {
                // the channel was closed before anything that could throw again (buffers, counts)
            }
            setup.stats().connectionFailed();
            try {
                log.warn("Closed a connection after an unexpected error: {}", e.toString(), e);
            } catch (Throwable ignored) {
                // counted in web.connections.failed all the same
            }
        }
    }

    private void registerIncoming() {
        Accepted accepted;
        while ((accepted = incoming.poll()) != null) {
            try {
                register(accepted);
            } catch (Throwable e) {
                QuietClose.close(accepted.channel());
                unregistered(accepted.address());
                setup.stats().connectionFailed();
            }
        }
    }

    private void register(Accepted accepted) throws IOException {
        SocketChannel channel = accepted.channel();
        String remote = accepted.address();
        if (setup.secure()) {
            Refusal refusal = handshakes.take(remote);
            if (refusal != null) {
                QuietClose.close(channel);
                unregistered(remote);
                setup.stats().refusedBy(refusal);
                return;
            }
        }
        Connection connection;
        try {
            connection = new Connection(this, setup, readBuffer, channel, setup.transportFor(channel, fileChunk), remote);
        } catch (IOException | RuntimeException e) {
            log.warn("No TLS engine for a new connection: {}", e.toString());
            QuietClose.close(channel);
            if (setup.secure()) {
                handshakes.give(remote);
            }
            unregistered(remote);
            return;
        }
        connections.add(connection);
        try {
            connection.register(selector);
            if (drainApplied) {
                connection.drain(); // handed over just as the drain began
            }
        } catch (IOException e) {
            connection.close();
        }
    }

    /** A channel handed over that never became a connection: its counts go back. */
    private void unregistered(String address) {
        load.decrementAndGet();
        setup.stats().connectionClosed();
        setup.connectionsPerAddress().close(address);
    }

    private void sweep(long now) {
        for (Connection connection : List.copyOf(connections)) {
            if (connection.state() != Connection.State.CLOSED) {
                guarded(connection, c -> c.checkTimeout(now));
            }
        }
    }

    private void closeAll() {
        Accepted accepted;
        while ((accepted = incoming.poll()) != null) {
            QuietClose.close(accepted.channel());
            unregistered(accepted.address());
        }
        List.copyOf(connections).forEach(c -> guarded(c, Connection::close));
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("Selector close failed", e);
        }
    }

    // ---- what connections ask of their loop ----

    boolean draining() {
        return draining;
    }

    void closed(Connection connection) {
        if (connections.remove(connection)) {
            load.decrementAndGet();
            setup.stats().connectionClosed();
            setup.connectionsPerAddress().close(connection.address());
        }
    }

    /** The connection's TLS handshake has ended (done, failed, or closed with it): its slots go back. */
    void handshakeEnded(Connection connection) {
        handshakes.give(connection.address());
    }
}
