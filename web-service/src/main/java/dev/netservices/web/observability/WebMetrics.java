package dev.netservices.web.observability;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.netservices.web.accesslog.AccessLog;
import dev.netservices.web.files.OpenFiles;
import dev.netservices.web.http2.Abuse;
import dev.netservices.web.http2.ErrorCode;
import dev.netservices.web.http2.Http2Listener;
import dev.netservices.web.reactor.ConnectionCeiling;
import dev.netservices.web.reactor.Exchange;
import dev.netservices.web.reactor.ExchangeListener;
import dev.netservices.web.reactor.Refusal;
import dev.netservices.web.reactor.ServerStats;

/**
 * {@code web.requests} (by status class), {@code web.bytes.sent}, {@code web.connections.open},
 * {@code web.request.duration} (by protocol and status class; its SLO buckets are set in application.yml so an
 * operator can change them), the refusals ({@code web.connections.refused} and
 * {@code web.tls.handshakes.refused}, tagged with the {@code limit} met), {@code web.tls.handshakes.active},
 * HTTP/2's {@code web.http2.goaways} (by {@code code}: a connection ended by an error or an abuse),
 * {@code web.http2.abuse} (by {@code kind}: the attack) and {@code web.http2.streams.refused},
 * {@code web.connections.failed}, {@code web.files.open} (files held open by responses) and, with the access log on, {@code web.access-log-lines.dropped}. Meters are
 * looked up once, so recording on the event loop is a few atomic adds.
 *
 * <p>The counts the server refuses work at have the limit in force beside them as gauges
 * ({@code web.connections.limit}, {@code web.files.open.limit}, and for the client address holding the most
 * connections on one port, {@code web.connections.busiest-address}, {@code web.connections.per-address.limit}), so
 * that an alert is a ratio of the two, right for any setting and for the limits resolved at start (the heap's
 * connection ceiling, half of {@code ulimit -n}).
 */
public final class WebMetrics implements ExchangeListener, Http2Listener {

    // We never send 1xx: the classes start at 2xx.
    private static final String[] CLASSES = {"2xx", "3xx", "4xx", "5xx"};
    // A 1.0 request is answered in 1.1: two protocols on the wire.
    private static final String HTTP_1_1 = "http/1.1";
    private static final String H2 = "h2";

    private final Counter[] requests = new Counter[CLASSES.length];
    private final Timer[] durations = new Timer[CLASSES.length];
    private final Timer[] h2Durations = new Timer[CLASSES.length];
    private final MeterRegistry registry;
    private final Counter bytesSent;

    /** @param accessLog null when the access log is off */
    public WebMetrics(MeterRegistry registry, ServerStats stats, AccessLog accessLog) {
        this.registry = registry;
        for (int i = 0; i < CLASSES.length; i++) {
            requests[i] = Counter.builder("web.requests").description("HTTP requests answered")
                    .tag("status", CLASSES[i]).register(registry);
            durations[i] = duration(registry, HTTP_1_1, CLASSES[i]);
            h2Durations[i] = duration(registry, H2, CLASSES[i]);
        }
        bytesSent = Counter.builder("web.bytes.sent").baseUnit("bytes").description("Response body bytes sent")
                .register(registry);
        Gauge.builder("web.connections.open", stats, ServerStats::openConnections)
                .description("Open client connections").register(registry);
        Gauge.builder("web.connections.busiest-address", stats, ServerStats::busiestAddressConnections)
                .description("Open connections of the client address holding the most on one port").register(registry);
        Gauge.builder("web.connections.per-address.limit", stats, ServerStats::connectionsPerAddressLimit)
                .description("Open connections one address may hold on one port: web.max-connections-per-address")
                .register(registry);
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

    private static Timer duration(MeterRegistry registry, String protocol, String statusClass) {
        return Timer.builder("web.request.duration").description("From a request's first byte to its response's last")
                .tag("protocol", protocol).tag("status", statusClass).register(registry);
    }

    /**
     * {@code web.files.open}: the files responses hold open now, and {@code web.files.open.limit}: the limit they
     * are held to ({@code web.max-open-files}, or half the descriptor limit when that is 0).
     */
    public void watch(OpenFiles openFiles) {
        Gauge.builder("web.files.open", openFiles, OpenFiles::held)
                .description("Files held open by responses (limit: web.max-open-files)").register(registry);
        Gauge.builder("web.files.open.limit", openFiles, OpenFiles::limit)
                .description("Files responses may hold open at once: web.max-open-files in force").register(registry);
    }

    /**
     * {@code web.connections.limit}: the connections both ports may hold open together, against
     * {@code web.connections.open} ({@code web.max-connections}, or fewer when the heap cannot hold as many).
     */
    public void watch(ConnectionCeiling ceiling) {
        Gauge.builder("web.connections.limit", ceiling, ConnectionCeiling::effective)
                .description("Open connections allowed: web.max-connections, or the heap's ceiling when lower")
                .register(registry);
    }

    @Override
    public void exchanged(Exchange exchange) {
        int i = Math.clamp(exchange.status() / 100 - 2, 0, CLASSES.length - 1);
        requests[i].increment();
        (exchange.http2() ? h2Durations : durations)[i].record(exchange.durationNanos(), TimeUnit.NANOSECONDS);
        bytesSent.increment(exchange.bodyBytes());
    }

    @Override
    public void connectionEnded(ErrorCode code, Abuse abuse) {
        registry.counter("web.http2.goaways", "code", code.tag()).increment();
        if (abuse != null) {
            registry.counter("web.http2.abuse", "kind", abuse.tag()).increment();
        }
    }

    @Override
    public void streamRefused() {
        registry.counter("web.http2.streams.refused").increment();
    }
}
