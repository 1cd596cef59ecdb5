package dev.netservices.web.reactor;

import dev.netservices.web.http.HttpLimits;

/**
 * The one deadline a connection has at a time, on the service clock's monotonic nanoseconds: the head's
 * (a request must be whole by then), the idle one (a kept-alive connection waits this long for a request, a
 * response this long for a client that does not read), or the lingering close's. The loop's sweep asks
 * {@link #passed}; the connection decides what a passed deadline means in its state.
 */
final class Timeouts {

    private final long headerNanos;
    private final long idleNanos;
    private final long headerMillis;
    private long deadline;

    Timeouts(HttpLimits limits) {
        this.headerNanos = limits.headerTimeout().toNanos();
        this.idleNanos = limits.idleTimeout().toNanos();
        this.headerMillis = limits.headerTimeout().toMillis();
    }

    /** A request begins (or may begin, right after accept): its head must be in within the header timeout. */
    void headerFrom(long now) {
        deadline = now + headerNanos;
    }

    /** Waiting on the client: for its next request, or for it to read our response. */
    void idleFrom(long now) {
        deadline = now + idleNanos;
    }

    void lingerFrom(long now) {
        deadline = now + Linger.NANOS;
    }

    boolean passed(long now) {
        return now - deadline >= 0;
    }

    /** For the 408's message, which names the limit. */
    long headerMillis() {
        return headerMillis;
    }
}
