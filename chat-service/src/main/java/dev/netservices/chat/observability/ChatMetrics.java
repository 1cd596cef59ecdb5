package dev.netservices.chat.observability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The room's meters, all under {@code chat.}: members gauge, datagrams received and sent, errors by kind, fan-out time.
 * Counted once per datagram or per fan-out, never once per recipient. Built by {@code ChatConfiguration}.
 */
public class ChatMetrics {

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter sent;
    private final Timer fanout;
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> relayed = new ConcurrentHashMap<>();
    private final Map<String, Counter> redisErrors = new ConcurrentHashMap<>();
    private final Timer relayLag;

    public ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("chat.datagrams.received").description("Datagrams received").register(registry);
        this.sent = Counter.builder("chat.datagrams.sent").description("Datagrams sent: replies and fan-out").register(registry);
        this.fanout = Timer.builder("chat.fanout").description("Time to send one line to every recipient").register(registry);
        this.relayLag = Timer.builder("chat.relay.lag").description("Time from publication on one node to arrival on another")
                .register(registry);
    }

    public void watchMembers(IntSupplier members) {
        Gauge.builder("chat.members", members, IntSupplier::getAsInt).description("Members in the room")
                .strongReference(true).register(registry);
    }

    public void received() {
        received.increment();
    }

    public void sent(int datagrams) {
        sent.increment(datagrams);
    }

    /** One refused or failed datagram; {@code kind} is a short stable word such as {@code flood} or {@code oversize}. */
    public void error(String kind) {
        errors(kind, 1);
    }

    public void errors(String kind, int count) {
        errors.computeIfAbsent(kind, k -> Counter.builder("chat.errors").description("Datagrams refused or failed, by kind")
                .tag("kind", k).register(registry)).increment(count);
    }

    public void fanoutTook(long nanos) {
        fanout.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A message relayed to the other nodes ({@code out}) or from them ({@code in}). */
    public void relayed(String direction) {
        relayed.computeIfAbsent(direction, d -> Counter.builder("chat.relay.messages")
                .description("Lines and notices relayed between nodes, by direction").tag("direction", d).register(registry))
                .increment();
    }

    /** Time from a notice's publication on one node to its arrival on another (wall clocks of both). */
    public void relayLag(long millis) {
        relayLag.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    /** One failed Redis operation; {@code operation} is a short stable word such as {@code publish} or {@code heartbeat}. */
    public void redisError(String operation) {
        redisErrors.computeIfAbsent(operation, o -> Counter.builder("chat.redis.errors")
                .description("Redis operations that failed, by operation").tag("operation", o).register(registry)).increment();
    }

    public void watchClusterMembers(IntSupplier members) {
        Gauge.builder("chat.cluster.members", members, IntSupplier::getAsInt).description("Members in the room on all nodes")
                .strongReference(true).register(registry);
    }
}
