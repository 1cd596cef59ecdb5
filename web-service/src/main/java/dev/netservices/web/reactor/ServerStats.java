package dev.netservices.web.reactor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.netservices.common.time.ServiceClock;

/** Live counters of the web server, shared by the reactor (which counts) and the status endpoint (which tells). */
public final class ServerStats {

    private final ServiceClock clock;
    private final long startedNanos;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final LongAdder requests = new LongAdder();

    public ServerStats(ServiceClock clock) {
        this.clock = clock;
        this.startedNanos = clock.nanoTime();
    }

    public int openConnections() {
        return openConnections.get();
    }

    public long requests() {
        return requests.sum();
    }

    public Duration uptime() {
        return Duration.ofNanos(clock.nanoTime() - startedNanos);
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
