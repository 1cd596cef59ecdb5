package dev.netservices.web.reactor;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.netservices.common.time.ServiceClock;

/** Live counters of the web server, shared by the reactor (which counts) and the status endpoint (which tells). */
public final class ServerStats {

    private final ServiceClock clock;
    private final long startedNanos;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);
    private final LongAdder failed = new LongAdder();
    // Each port's open connections by client address (its own cap, web.max-connections-per-address).
    private final List<OpenPerAddress> connectionsPerAddress = new CopyOnWriteArrayList<>();

    public ServerStats(ServiceClock clock) {
        this.clock = clock;
        this.startedNanos = clock.nanoTime();
        for (Refusal refusal : Refusal.values()) {
            refused.put(refusal, new LongAdder());
        }
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

    /** TLS handshakes in progress on both ports' loops. */
    public int handshakesInProgress() {
        return handshakes.get();
    }

    /** New connections closed unserved because they met {@code refusal}'s limit. */
    public long refused(Refusal refusal) {
        return refused.get(refusal).sum();
    }

    /**
     * The open connections of the client address holding the most on one port: one client near
     * {@link #connectionsPerAddressLimit()} is one the next connections of which are refused.
     */
    public int busiestAddressConnections() {
        int most = 0;
        for (OpenPerAddress port : connectionsPerAddress) {
            most = Math.max(most, port.busiest());
        }
        return most;
    }

    /** What one client address may hold open on one port ({@code web.max-connections-per-address}); 0 before a port. */
    public int connectionsPerAddressLimit() {
        int limit = 0;
        for (OpenPerAddress port : connectionsPerAddress) {
            limit = Math.max(limit, port.max());
        }
        return limit;
    }

    void countsConnectionsPerAddress(OpenPerAddress port) {
        connectionsPerAddress.add(port);
    }

    /** Connections closed by an unexpected error (an {@code OutOfMemoryError} among them) while being served. */
    public long failed() {
        return failed.sum();
    }

    void handshakeBegan() {
        handshakes.incrementAndGet();
    }

    void handshakeEnded() {
        handshakes.decrementAndGet();
    }

    void refusedBy(Refusal refusal) {
        refused.get(refusal).increment();
    }

    void connectionFailed() {
        failed.increment();
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
