package dev.netservices.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.jayway.jsonpath.JsonPath;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.netservices.files.server.FileServer;
import dev.netservices.files.support.Wire;

/** The application starts on ephemeral ports and answers its actuator endpoints over real HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "files.port=0")
class FileApplicationTest {

    @TempDir
    static Path root;

    @DynamicPropertySource
    static void filesRoot(DynamicPropertyRegistry registry) {
        registry.add("files.root", () -> root.resolve("library").toString());
    }

    @Autowired
    private FileServer fileServer;

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

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
        assertThat(response.body()).contains("\"service\":\"file-service\"").contains("\"version\":\"0.1.0-SNAPSHOT\"");
    }

    @Test
    void prometheusScrapeShowsJvmMetricsTaggedWithTheService() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("application=\"file-service\"");
    }

    @Test
    void healthShowsTheFileServerAndItsStorage() throws Exception {
        String body = get("/actuator/health").body();
        assertThat(JsonPath.<String>read(body, "$.components.protocol.components.files.status")).isEqualTo("UP");
        assertThat(JsonPath.<Integer>read(body, "$.components.protocol.components.files.details.port")).isEqualTo(fileServer.port());
        assertThat(JsonPath.<String>read(body, "$.components.storage.status")).isEqualTo("UP");
        assertThat(JsonPath.<Boolean>read(body, "$.components.storage.details.writable")).isTrue();
        assertThat(JsonPath.<String>read(body, "$.components.sessions.status")).isEqualTo("UP");
        assertThat(JsonPath.<Integer>read(body, "$.components.sessions.details.max")).isEqualTo(100);
        assertThat(JsonPath.<Boolean>read(body, "$.components.sessions.details.saturated")).isFalse();
        assertThat(get("/actuator/health/readiness").body()).contains("\"protocol\"").contains("\"storage\"");
    }

    @Test
    void protocolPortServesTheLibraryCreatedAtStart() throws Exception {
        assertThat(fileServer.port()).isPositive().isNotEqualTo(8888);
        assertThat(root.resolve("library")).isDirectory();
        try (Wire wire = new Wire(fileServer.port())) {
            assertThat(wire.put("app.txt", "via spring".getBytes())).startsWith("OK 10 ");
            assertThat(wire.get("app.txt")).asString().isEqualTo("via spring");
        }
        assertThat(root.resolve("library/app.txt")).hasContent("via spring");
    }

    @Test
    void prometheusScrapeShowsTheFileMetrics() throws Exception {
        String body = get("/actuator/prometheus").body();
        assertThat(body).contains("files_sessions_active", "files_sessions_rejected_total", "files_bytes_received_bytes_total",
                "files_bytes_sent_bytes_total", "files_storage_used_bytes", "files_transfers_total{",
                "files_logins_total{", "files_login_checks_active", "files_sessions_first_command_late_total");
    }
}
