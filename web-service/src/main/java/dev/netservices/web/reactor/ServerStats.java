package dev.netservices.web.reactor;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of the web server, shared by the reactor (which counts) and the status endpoint (which tells). */
public final class ServerStats {

    private final Instant started = Instant.now();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final LongAdder requests = new LongAdder();

    public int openConnections() {
        return openConnections.get();
    }

    public long requests() {
        return requests.sum();
    }

    public Duration uptime() {
        return Duration.between(started, Instant.now());
    }

    int connectionOpened() {
        return openConnections.incrementAndGet();
    }

    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    void requestServed() {
        requests.increment();
    }
}
