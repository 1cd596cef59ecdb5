package dev.netservices.chat.observability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.netservices.chat.cluster.ClusterListener;
import dev.netservices.chat.room.RoomListener;
import dev.netservices.chat.udp.DatagramListener;

/**
 * The chat service's meters, all under {@code chat.}, fed by the listeners of the room, the datagram flow and the
 * cluster: {@code chat.datagrams.received}, {@code chat.datagrams.sent}, {@code chat.errors} (by kind),
 * {@code chat.fanout.duration}, {@code chat.delivery.lag}; with the cluster on {@code chat.relay.messages} (by
 * direction), {@code chat.relay.lag}, {@code chat.relay.refused} (by reason) and {@code chat.redis.errors} (by operation).
 * The gauges {@code chat.members} and {@code chat.cluster.members} are bound by {@link ObservabilityConfiguration}.
 * Counted once per datagram or per fan-out, never once per recipient.
 */
public final class ChatMetrics implements RoomListener, DatagramListener, ClusterListener {

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter sent;
    private final Timer fanout;
    private final Timer relay;
    private final Timer delivery;
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> relayed = new ConcurrentHashMap<>();
    private final Map<String, Counter> redisErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> relayRefusals = new ConcurrentHashMap<>();

    public ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("chat.datagrams.received").description("Datagrams received").register(registry);
        this.sent = Counter.builder("chat.datagrams.sent").description("Datagrams sent: replies and fan-out").register(registry);
        this.fanout = Timer.builder("chat.fanout.duration").description("Time to send one line to every recipient")
                .register(registry);
        // Histogram buckets (SLOs) for both lags come from management.metrics.distribution.slo in application.yml,
        // where an operator can change them.
        this.relay = Timer.builder("chat.relay.lag")
                .description("Time from a message's publication on one node to its delivery to the members of another (wall clocks of both)")
                .register(registry);
        this.delivery = Timer.builder("chat.delivery.lag")
                .description("Time from a datagram's receipt to the last send of what it caused on the receiving node").register(registry);
    }

    @Override
    public void received() {
        received.increment();
    }

    @Override
    public void sent(int datagrams, int failed) {
        if (datagrams > 0) {
            sent.increment(datagrams);
        }
        if (failed > 0) {
            error("send").increment(failed);
        }
    }

    @Override
    public void fannedOut(long nanos) {
        fanout.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void delivered(long nanos) {
        delivery.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void refused(String kind) {
        error(kind).increment();
    }

    @Override
    public void relayed(String direction) {
        relayed.computeIfAbsent(direction, d -> Counter.builder("chat.relay.messages")
                .description("Lines and notices relayed between nodes, by direction").tag("direction", d).register(registry))
                .increment();
    }

    @Override
    public void relayTook(long millis) {
        relay.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void relayRefused(String reason) {
        relayRefusals.computeIfAbsent(reason, r -> Counter.builder("chat.relay.refused")
                .description("Relay publications or messages refused on arrival (forged, unsealed, malformed, ...), by reason")
                .tag("reason", r).register(registry)).increment();
    }

    @Override
    public void redisFailed(String operation) {
        redisErrors.computeIfAbsent(operation, o -> Counter.builder("chat.redis.errors")
                .description("Redis operations that failed, by operation").tag("operation", o).register(registry)).increment();
    }

    private Counter error(String kind) {
        return errors.computeIfAbsent(kind, k -> Counter.builder("chat.errors").description("Datagrams refused or failed, by kind")
                .tag("kind", k).register(registry));
    }
}
