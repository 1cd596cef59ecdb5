package dev.netservices.client.chat;

import java.time.Duration;

/**
 * When to send {@code /ping} and when to say the server stopped answering, from the times things were
 * sent and heard; it reads no clock itself, so tests drive it with made-up instants.
 *
 * <pre>
 *            heard anything                     a ping out and nothing heard for 2 intervals
 *   ANSWERING ─────────────► ANSWERING   ANSWERING ──────────────────────────────────────► SILENT
 *   SILENT ── heard anything ──► ANSWERING (the caller checks the room still knows us)
 * </pre>
 *
 * A ping goes out when nothing was sent for one interval (so the server and every NAT on the way keep the
 * mapping while the user reads), or when nothing was heard for one interval and no ping went out since
 * (so a server gone while the user keeps typing is noticed too).
 */
final class Keepalive {

    enum Action { NONE, PING, REPORT_SILENT, PING_AND_REPORT_SILENT }

    private final long interval;
    private long lastSent;
    private long lastHeard;
    private long lastPing;
    private boolean pingSinceHeard;
    private boolean silent;

    Keepalive(Duration interval, long now) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the keepalive interval must be positive");
        }
        this.interval = interval.toNanos();
        this.lastSent = now;
        this.lastHeard = now;
        this.lastPing = now;
    }

    /** A line of the user's (or a ping) went out. */
    synchronized void sent(long now) {
        lastSent = now;
    }

    /** A datagram came from the server; true when it had been silent until now. */
    synchronized boolean heard(long now) {
        lastHeard = now;
        pingSinceHeard = false;
        boolean wasSilent = silent;
        silent = false;
        return wasSilent;
    }

    /** Called often (several times per interval): what to do now. */
    synchronized Action tick(long now) {
        boolean ping = now - lastSent >= interval || (now - lastHeard >= interval && now - lastPing >= interval);
        if (ping) {
            lastSent = now;
            lastPing = now;
            pingSinceHeard = true;
        }
        boolean report = !silent && pingSinceHeard && now - lastHeard >= 2 * interval;
        if (report) {
            silent = true;
        }
        return ping && report ? Action.PING_AND_REPORT_SILENT : ping ? Action.PING : report ? Action.REPORT_SILENT : Action.NONE;
    }
}
