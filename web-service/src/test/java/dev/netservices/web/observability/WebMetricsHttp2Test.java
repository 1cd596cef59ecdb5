package dev.netservices.web.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.accesslog.JsonLogFormat;
import dev.netservices.web.http2.Abuse;
import dev.netservices.web.http2.ErrorCode;
import dev.netservices.web.reactor.Exchange;
import dev.netservices.web.reactor.ServerStats;

/** HTTP/2 exchanges are timed under {@code protocol="h2"}, logged as {@code HTTP/2.0}, and its abuse is counted. */
class WebMetricsHttp2Test {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WebMetrics metrics = new WebMetrics(registry, new ServerStats(ServiceClock.SYSTEM), null);

    private long timed(String protocol) {
        return registry.get("web.request.duration").tag("protocol", protocol).tag("status", "2xx").timer().count();
    }

    @Test
    void anHttp2ExchangeIsTimedUnderH2AndAnHttp11OneUnderHttp11() {
        metrics.exchanged(new Exchange("127.0.0.1", "GET /a HTTP/2.0", 200, 10, 1_000_000, Instant.EPOCH));
        metrics.exchanged(new Exchange("127.0.0.1", "GET /a HTTP/2.0", 200, 10, 1_000_000, Instant.EPOCH));
        metrics.exchanged(new Exchange("127.0.0.1", "GET /a HTTP/1.1", 200, 10, 1_000_000, Instant.EPOCH));
        assertThat(timed("h2")).isEqualTo(2);
        assertThat(timed("http/1.1")).isEqualTo(1);
        assertThat(registry.get("web.requests").tag("status", "2xx").counter().count()).isEqualTo(3);
    }

    @Test
    void theAccessLogSaysHttp2() {
        String line = new JsonLogFormat().format(new Exchange("127.0.0.1", "GET /a HTTP/2.0", 200, 10, 1_000_000,
                Instant.EPOCH));
        assertThat(line).contains("\"protocol\":\"HTTP/2.0\"");
    }

    @Test
    void goAwaysAreCountedByCodeAndAbuseByKind() {
        metrics.connectionEnded(ErrorCode.ENHANCE_YOUR_CALM, Abuse.RAPID_RESET);
        metrics.connectionEnded(ErrorCode.PROTOCOL_ERROR, null);
        metrics.streamRefused();
        assertThat(registry.get("web.http2.goaways").tag("code", "enhance-your-calm").counter().count()).isEqualTo(1);
        assertThat(registry.get("web.http2.goaways").tag("code", "protocol-error").counter().count()).isEqualTo(1);
        assertThat(registry.get("web.http2.abuse").tag("kind", "rapid-reset").counter().count()).isEqualTo(1);
        assertThat(registry.get("web.http2.streams.refused").counter().count()).isEqualTo(1);
    }
}
