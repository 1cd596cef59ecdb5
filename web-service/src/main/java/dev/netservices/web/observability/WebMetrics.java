package dev.netservices.web.observability;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.netservices.web.accesslog.AccessLog;
import dev.netservices.web.reactor.Exchange;
import dev.netservices.web.reactor.ExchangeListener;
import dev.netservices.web.reactor.Refusal;
import dev.netservices.web.reactor.ServerStats;

/**
 * {@code web.requests} (by status class), {@code web.bytes.sent}, {@code web.connections.open},
 * {@code web.request.duration} (by protocol and status class; its SLO buckets are set in application.yml so an
 * operator can change them), the refusals ({@code web.connections.refused} and
 * {@code web.tls.handshakes.refused}, tagged with the {@code limit} met), {@code web.tls.handshakes.active},
 * {@code web.connections.failed} and, with the access log on, {@code web.access-log-lines.dropped}. Meters are
 * looked up once, so recording on the event loop is a few atomic adds.
 */
public final class WebMetrics implements ExchangeListener {

    // We never send 1xx: the classes start at 2xx.
    private static final String[] CLASSES = {"2xx", "3xx", "4xx", "5xx"};
    // Every exchange is HTTP/1.1 on the wire (a 1.0 request is answered in 1.1); h2 would get its own timers.
    private static final String PROTOCOL = "http/1.1";

    private final Counter[] requests = new Counter[CLASSES.length];
    private final Timer[] durations = new Timer[CLASSES.length];
    private final Counter bytesSent;

    /** @param accessLog null when the access log is off */
    public WebMetrics(MeterRegistry registry, ServerStats stats, AccessLog accessLog) {
        for (int i = 0; i < CLASSES.length; i++) {
            requests[i] = Counter.builder("web.requests").description("HTTP requests answered")
                    .tag("status", CLASSES[i]).register(registry);
            durations[i] = Timer.builder("web.request.duration")
                    .description("From a request's first byte to its response's last").tag("protocol", PROTOCOL)
                    .tag("status", CLASSES[i]).register(registry);
        }
        bytesSent = Counter.builder("web.bytes.sent").baseUnit("bytes").description("Response body bytes sent")
                .register(registry);
        Gauge.builder("web.connections.open", stats, ServerStats::openConnections)
                .description("Open client connections").register(registry);
        Gauge.builder("web.tls.handshakes.active", stats, ServerStats::handshakesInProgress)
                .description("TLS handshakes in progress").register(registry);
        for (Refusal refusal : Refusal.values()) {
            FunctionCounter.builder(refusal.metric(), stats, s -> s.refused(refusal)).tag("limit", refusal.limit())
                    .description("New connections closed unserved at a limit").register(registry);
        }
        FunctionCounter.builder("web.connections.failed", stats, ServerStats::failed)
                .description("Connections closed by an unexpected error (OutOfMemoryError among them)")
                .register(registry);
        if (accessLog != null) {
            FunctionCounter.builder("web.access-log-lines.dropped", accessLog, AccessLog::dropped)
                    .description("Access log lines dropped because the log writer fell behind").register(registry);
        }
    }

    @Override
    public void exchanged(Exchange exchange) {
        int i = Math.clamp(exchange.status() / 100 - 2, 0, CLASSES.length - 1);
        requests[i].increment();
        durations[i].record(exchange.durationNanos(), TimeUnit.NANOSECONDS);
        bytesSent.increment(exchange.bodyBytes());
    }
}
