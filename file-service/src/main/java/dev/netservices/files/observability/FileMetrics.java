package dev.netservices.files.observability;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.netservices.files.store.FileStore;

/**
 * The file server's meters, all under {@code files.}: sessions active and rejected, bytes received and
 * sent, transfers by command and outcome, and the bytes the library holds.
 */
public final class FileMetrics {

    /** Which way a transfer went. */
    public enum Direction { GET, PUT }

    /** How a transfer ended: all bytes moved, refused before any moved, or broken off part way. */
    public enum Outcome { COMPLETED, REFUSED, FAILED }

    private final AtomicInteger activeSessions = new AtomicInteger();
    private final Counter rejectedSessions;
    private final Counter received;
    private final Counter sent;
    private final Map<Direction, Map<Outcome, Counter>> transfers = new EnumMap<>(Direction.class);
    private final MeterRegistry registry;

    public FileMetrics(MeterRegistry registry, FileStore store) {
        this.registry = registry;
        for (String outcome : new String[] {"success", "failed", "throttled"}) {
            login(outcome, 0);
        }
        Gauge.builder("files.sessions.active", activeSessions, AtomicInteger::get)
                .description("Sessions being served now").register(registry);
        rejectedSessions = Counter.builder("files.sessions.rejected")
                .description("Connections turned away because every session slot was taken").register(registry);
        received = Counter.builder("files.received").baseUnit("bytes")
                .description("Body bytes received from clients (uploads, including refused ones read and discarded)").register(registry);
        sent = Counter.builder("files.sent").baseUnit("bytes")
                .description("Body bytes sent to clients (downloads)").register(registry);
        Gauge.builder("files.storage.used", store, FileStore::usedBytes).baseUnit("bytes")
                .description("Bytes the library holds (what the quota counts)").register(registry);
        for (Direction direction : Direction.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder("files.transfers")
                        .description("Downloads and uploads by outcome")
                        .tag("command", direction.name().toLowerCase(Locale.ROOT))
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(registry));
            }
            transfers.put(direction, byOutcome);
        }
    }

    public void sessionOpened() {
        activeSessions.incrementAndGet();
    }

    public void sessionClosed() {
        activeSessions.decrementAndGet();
    }

    public void sessionRejected() {
        rejectedSessions.increment();
    }

    public void received(long bytes) {
        received.increment(bytes);
    }

    public void sent(long bytes) {
        sent.increment(bytes);
    }

    /** A {@code LOGIN}: {@code success}, {@code failed} (wrong name or password) or {@code throttled} (refused unchecked). */
    public void login(String outcome) {
        login(outcome, 1);
    }

    private void login(String outcome, int count) {
        Counter.builder("files.logins").description("LOGIN commands by outcome (throttled: refused unchecked after repeated failures)")
                .tag("outcome", outcome).register(registry).increment(count);
    }

    public void transfer(Direction direction, Outcome outcome) {
        transfers.get(direction).get(outcome).increment();
    }
}
