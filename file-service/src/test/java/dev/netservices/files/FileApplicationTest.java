package dev.netservices.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.jayway.jsonpath.JsonPath;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.netservices.common.server.ServiceApplicationContract;
import dev.netservices.files.server.FileServer;
import dev.netservices.files.support.Wire;

/** The application starts on ephemeral ports, answers its actuator endpoints, and serves its library. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "files.port=0")
class FileApplicationTest extends ServiceApplicationContract {

    @TempDir
    static Path root;

    @DynamicPropertySource
    static void filesRoot(DynamicPropertyRegistry registry) {
        registry.add("files.root", () -> root.resolve("library").toString());
    }

    @Autowired
    private FileServer fileServer;

    @Override
    protected String serviceName() {
        return "file-service";
    }

    @Override
    protected String protocolServerName() {
        return "files";
    }

    @Override
    protected List<String> serviceMetrics() {
        return List.of("files_sessions_active", "files_sessions_rejected_total", "files_bytes_received_bytes_total",
                "files_bytes_sent_bytes_total", "files_storage_used_bytes", "files_transfers_total{", "files_logins_total{",
                "files_login_checks_active", "files_sessions_first_command_late_total");
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
}
