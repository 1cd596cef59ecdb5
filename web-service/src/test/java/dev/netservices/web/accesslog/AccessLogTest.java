package dev.netservices.web.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.reactor.Exchange;
import dev.netservices.web.reactor.ServerStats;
import dev.netservices.web.reactor.WebServer;
import dev.netservices.web.support.BareWebServer;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient;

class AccessLogTest {

    private final CombinedLogFormat format = new CombinedLogFormat(ZoneOffset.UTC);
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void exchangeIsWrittenInCombinedLogFormatWithRefererAndUserAgent() {
        Exchange exchange = new Exchange("127.0.0.1", "GET /a.png HTTP/1.1", 200, 2326, 1_000,
                Instant.parse("2026-10-10T13:55:36Z"), "http://example.test/start.html", "Mozilla/4.08 [en] (Win98; I ;Nav)");
        assertThat(format.format(exchange)).isEqualTo("127.0.0.1 - - [10/Oct/2026:13:55:36 +0000] \"GET /a.png HTTP/1.1\" 200 2326"
                + " \"http://example.test/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"");
    }

    @Test
    void emptyBodyAndAbsentHeadersAreDashesAndQuotesInClientTextAreEscaped() {
        Exchange exchange = new Exchange("10.0.0.1", "GET /\"x\\ HTTP/1.1", 304, 0, 1, Instant.EPOCH, null, "a\"b");
        assertThat(format.format(exchange)).endsWith("\"GET /\\\"x\\\\ HTTP/1.1\" 304 - \"-\" \"a\\\"b\"");
    }

    @Test
    void jsonLineCarriesEveryFieldAndSurvivesHostileClientText() {
        Exchange exchange = new Exchange("10.0.0.1", "GET /a?q=\"} HTTP/1.1", 404, 12, 2_500_000,
                Instant.parse("2026-10-10T13:55:36Z"), null, "evil\"\n{\"status\":200}\u0001");
        JsonNode line = json.readTree(new JsonLogFormat().format(exchange));
        assertThat(line.get("time").asString()).isEqualTo("2026-10-10T13:55:36Z");
        assertThat(line.get("remoteAddress").asString()).isEqualTo("10.0.0.1");
        assertThat(line.get("method").asString()).isEqualTo("GET");
        assertThat(line.get("target").asString()).isEqualTo("/a?q=\"}");
        assertThat(line.get("protocol").asString()).isEqualTo("HTTP/1.1");
        assertThat(line.get("status").asInt()).isEqualTo(404);
        assertThat(line.get("bytes").asLong()).isEqualTo(12);
        assertThat(line.get("referer").isNull()).isTrue();
        assertThat(line.get("userAgent").asString()).isEqualTo("evil\"\n{\"status\":200}\u0001");
        assertThat(line.get("durationMillis").asDouble()).isEqualTo(2.5);
        assertThat(line.properties()).hasSize(10);
    }

    @Test
    void aRefusalWithoutARequestLineIsStillValidJson() {
        JsonNode line = json.readTree(new JsonLogFormat().format(new Exchange("10.0.0.1", "-", 503, 40, 0, Instant.EPOCH)));
        assertThat(line.get("method").isNull()).isTrue();
        assertThat(line.get("status").asInt()).isEqualTo(503);
    }

    @Test
    void jsonLinesForRequestsServedOverTheWire(@TempDir Path root) throws Exception {
        DemoFiles.create(root);
        List<String> lines = new CopyOnWriteArrayList<>();
        try (AccessLog log = new AccessLog(new JsonLogFormat(), lines::add)) {
            WebServer server = BareWebServer.bind(root, log, ServiceClock.SYSTEM);
            try (RawClient client = new RawClient(server.port())) {
                client.send("GET /style.css HTTP/1.1\r\nHost: x\r\nReferer: http://x/\r\nUser-Agent: probe/1.0\r\n\r\n").read();
            } finally {
                server.close();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> lines.size() == 1);
        }
        JsonNode line = json.readTree(lines.getFirst());
        assertThat(line.get("remoteAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(line.get("method").asString()).isEqualTo("GET");
        assertThat(line.get("target").asString()).isEqualTo("/style.css");
        assertThat(line.get("protocol").asString()).isEqualTo("HTTP/1.1");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("bytes").asLong()).isEqualTo(22);
        assertThat(line.get("referer").asString()).isEqualTo("http://x/");
        assertThat(line.get("userAgent").asString()).isEqualTo("probe/1.0");
        assertThat(line.get("durationMillis").asDouble()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void linesPastAFullQueueAreDroppedAndCountedInTheMetric() throws Exception {
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Exchange exchange = new Exchange("127.0.0.1", "GET / HTTP/1.1", 200, 1, 1, Instant.EPOCH);
        try (AccessLog log = new AccessLog(format, line -> {
            writing.countDown();
            try {
                release.await(); // a log writer that has fallen behind: stuck on its first line
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            new dev.netservices.web.observability.WebMetrics(registry, new ServerStats(ServiceClock.SYSTEM), log);
            log.exchanged(exchange);
            assertThat(writing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < AccessLog.QUEUE + 7; i++) {
                log.exchanged(exchange);
            }
            assertThat(log.dropped()).as("the queue held its %d, the 7 past it were dropped", AccessLog.QUEUE).isEqualTo(7);
            assertThat(registry.get("web.access-log-lines.dropped").functionCounter().count()).isEqualTo(7.0);
            release.countDown();
        }
    }

    @Test
    void requestsServedOverTheWireAreLoggedByTheLogThread(@TempDir Path root) throws Exception {
        DemoFiles.create(root);
        List<String> lines = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        try (AccessLog log = new AccessLog(format, line -> {
            lines.add(line);
            threads.add(Thread.currentThread().getName());
        })) {
            WebServer server = BareWebServer.bind(root, log, ServiceClock.SYSTEM);
            try (RawClient client = new RawClient(server.port())) {
                client.send("GET /style.css HTTP/1.1\r\nHost: x\r\nUser-Agent: probe/1.0\r\n\r\n").read();
                client.send("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n").read();
            } finally {
                server.close();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> lines.size() == 2);
        }
        assertThat(lines.get(0)).matches("127\\.0\\.0\\.1 - - \\[.+] \"GET /style.css HTTP/1.1\" 200 22 \"-\" \"probe/1.0\"");
        assertThat(lines.get(1)).contains("\"GET /missing HTTP/1.1\" 404 ");
        assertThat(threads).containsOnly("web-access-log");
    }

    @Test
    void linesGoToTheirOwnFileThroughTheLoggingSystem(@TempDir Path root, @TempDir Path logs) throws Exception {
        DemoFiles.create(root);
        Path file = logs.resolve("access.log");
        try (AccessLogFile attached = AccessLogFile.attach(file, 10 * 1024 * 1024, 7);
                AccessLog log = new AccessLog(format, AccessLog.toLogger())) {
            WebServer server = BareWebServer.bind(root, log, ServiceClock.SYSTEM);
            try (RawClient client = new RawClient(server.port())) {
                client.send("GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n").read();
            } finally {
                server.close();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file)
                    && Files.readString(file).contains("\"GET /style.css HTTP/1.1\" 200 22"));
        }
        assertThat(Files.readAllLines(file)).hasSize(1).first().asString()
                .matches("127\\.0\\.0\\.1 - - \\[.+] \"GET /style.css HTTP/1.1\" 200 22 \"-\" \"-\"");
    }
}
