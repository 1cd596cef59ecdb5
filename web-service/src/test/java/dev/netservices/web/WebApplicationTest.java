package dev.netservices.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.netservices.web.reactor.WebServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The application starts on an ephemeral port and answers its actuator endpoints over real HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"web.port=0", "web.event-loops=1"})
class WebApplicationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private WebServer webServer;

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndItsProbesAreUp() throws Exception {
        for (String path : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void infoNamesTheServiceAndItsBuildVersion() throws Exception {
        HttpResponse<String> response = get("/actuator/info");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"service\":\"web-service\"").contains("\"version\":\"0.1.0-SNAPSHOT\"");
    }

    @Test
    void prometheusScrapeShowsJvmMetricsTaggedWithTheService() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("application=\"web-service\"");
    }

    @Test
    void readinessIncludesTheWebServerWithItsPortAndConnections() throws Exception {
        HttpResponse<String> response = get("/actuator/health/readiness");
        assertThat(response.body()).contains("\"protocol\"").contains("\"web\"")
                .contains("\"port\":" + webServer.port()).contains("\"connections\":");
        assertThat(webServer.port()).isPositive().isNotEqualTo(port);
    }

    @Test
    void webPortServesTheDemoSiteAndStatusWhileTomcatDoesNot() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + webServer.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("It works");
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + webServer.port() + "/api/status")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.body()).contains("\"uptimeSeconds\"").contains("\"requests\"");
        assertThat(get("/").statusCode()).as("the actuator port serves no site").isEqualTo(404);
        assertThat(get("/images/logo.svg").statusCode()).isEqualTo(404);
    }

    @Test
    void prometheusShowsTheWebMetrics() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + webServer.port() + "/nope")).build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.body()).contains("web_requests_total{").contains("status=\"4xx\"")
                .contains("web_bytes_sent_bytes_total").contains("web_connections_open")
                .contains("web_request_duration_seconds_count").contains("web_access_log_lines_dropped_total");
    }
}
