package dev.netservices.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.netservices.common.server.ServiceApplicationContract;
import dev.netservices.web.reactor.WebServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The application starts on ephemeral ports, answers its actuator endpoints, and serves the site on its own port. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"web.port=0", "web.event-loops=1", "web.admin.password=test-secret", "web.max-connections=150"})
class WebApplicationTest extends ServiceApplicationContract {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private WebServer webServer;

    @Override
    protected String serviceName() {
        return "web-service";
    }

    @Override
    protected String protocolServerName() {
        return "web";
    }

    @Override
    protected String adminCredentials() {
        return "admin:test-secret";
    }

    /** The scrape names no path or certificate: Prometheus reads it without credentials. */
    @Override
    protected boolean scrapeNeedsAdmin() {
        return false;
    }

    @Override
    protected List<String> serviceMetrics() {
        return List.of("web_requests_total{", "web_bytes_sent_bytes_total", "web_connections_open",
                "web_files_open", "web_request_duration_seconds_count", "web_access_log_lines_dropped_total",
                "web_connections_limit", "web_files_open_limit", "web_connections_busiest_address",
                "web_connections_per_address_limit");
    }

    @Test
    void webPortServesTheDemoSiteAndStatusWhileTheManagementPortDoesNot() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + webServer.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("It works");
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + webServer.port() + "/api/status")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.body()).contains("\"uptimeSeconds\"").contains("\"requests\"");
        assertThat(getAsAdmin("/").statusCode()).as("the actuator port serves no site").isEqualTo(404);
        assertThat(getAsAdmin("/images/logo.svg").statusCode()).isEqualTo(404);
    }

    @Test
    void livenessIncludesTheReactorThreadsAndTheConnectionLimitInForce() throws Exception {
        HttpResponse<String> response = getAsAdmin("/actuator/health/liveness");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"reactor\"").contains("\"maxConnectionsHeapHolds\":")
                .contains("\"tlsHandshakesInProgress\":0");
    }

    @Test
    void a4xxIsCountedByItsStatusClass() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + webServer.port() + "/nope")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(get("/actuator/prometheus").body()).as("the scrape, open").contains("status=\"4xx\"");
    }

    @Test
    void requestDurationIsAHistogramByProtocolAndStatusClassWithTheSloBuckets() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + webServer.port() + "/")).build(),
                HttpResponse.BodyHandlers.discarding());
        String series = "web_request_duration_seconds_bucket{application=\"web-service\",protocol=\"http/1.1\",status=\"2xx\",";
        // the exchange is recorded once its last byte is written, which may be just after the client has it
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> get("/actuator/prometheus").body(), body -> body.matches("(?s).*\\Q" + series + "le=\"+Inf\"} \\E[1-9].*"));
        String scrape = get("/actuator/prometheus").body();
        for (String le : List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0")) {
            assertThat(scrape).as("the SLO bucket " + le).contains(series + "le=\"" + le + "\"}");
        }
    }

    @Test
    void theLimitsInForceAreScrapedBesideTheirCounts() throws Exception {
        String scrape = get("/actuator/prometheus").body();

        assertThat(sample(scrape, "web_connections_limit")).as("web.max-connections as set").isEqualTo(150);
        assertThat(sample(scrape, "web_files_open_limit")).as("web.max-open-files unset: half of ulimit -n")
                .isEqualTo(openFilesSoftLimit() / 2);
    }

    @Test
    void theBusiestClientAddressIsScrapedBesideThePerAddressLimit() throws Exception {
        List<java.net.Socket> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                held.add(new java.net.Socket("127.0.0.1", webServer.port()));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(
                    () -> sample(get("/actuator/prometheus").body(), "web_connections_busiest_address"), open -> open >= 20);
            assertThat(sample(get("/actuator/prometheus").body(), "web_connections_per_address_limit"))
                    .as("web.max-connections-per-address's default").isEqualTo(256);
        } finally {
            for (java.net.Socket socket : held) {
                socket.close();
            }
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(
                () -> sample(get("/actuator/prometheus").body(), "web_connections_busiest_address"), open -> open < 20);
    }

    private static double sample(String scrape, String name) {
        Matcher sample = Pattern.compile("(?m)^" + name + "\\{[^}]*} (\\S+)$").matcher(scrape);
        assertThat(sample.find()).as(name + " in\n" + scrape).isTrue();
        return Double.parseDouble(sample.group(1));
    }

    /** This process's own {@code ulimit -n}, as the kernel tells it (the JVM raises it to the hard limit at start). */
    private static long openFilesSoftLimit() throws Exception {
        Matcher limit = Pattern.compile("(?m)^Max open files\\s+(\\d+)")
                .matcher(Files.readString(Path.of("/proc/self/limits")));
        assertThat(limit.find()).as("/proc/self/limits names the open-file limit").isTrue();
        return Long.parseLong(limit.group(1));
    }
}
