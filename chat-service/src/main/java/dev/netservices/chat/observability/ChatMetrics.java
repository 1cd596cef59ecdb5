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

    public ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("chat.datagrams.received").description("Datagrams received").register(registry);
        this.sent = Counter.builder("chat.datagrams.sent").description("Datagrams sent: replies and fan-out").register(registry);
        this.fanout = Timer.builder("chat.fanout").description("Time to send one line to every recipient").register(registry);
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
}
