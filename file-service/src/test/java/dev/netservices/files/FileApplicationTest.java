package dev.netservices.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
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
    static void filesRoot(DynamicPropertyRegistry registry) throws IOException {
        registry.add("files.root", () -> root.resolve("library").toString());
        Path users = root.resolve("users");
        Files.writeString(users, "alice:" + PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("wonder land") + ":rw\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
        registry.add("files.users-file", users::toString);
        registry.add("files.anonymous", () -> "read-write");
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
                "files_login_checks_active", "files_sessions_first_command_late_total", "files_storage_free_bytes",
                "files_transfer_duration_seconds_bucket{", "files_transfer_throughput_bytes_per_second_bucket{",
                "files_login_duration_seconds_bucket{");
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
    void transfersAndLoginsAreHistogramsWithTheBucketsApplicationYmlSets() throws Exception {
        byte[] body = new byte[200_000];
        // other tests share this application: count what this one adds
        String before = get("/actuator/prometheus").body();
        try (Wire wire = new Wire(fileServer.port())) {
            assertThat(wire.command("LOGIN alice wonder land")).isEqualTo("OK logged in as alice (read-write)");
            assertThat(wire.put("histogram.bin", body)).startsWith("OK 200000 ");
            assertThat(wire.get("histogram.bin")).hasSize(200_000);
        }
        // the session records a download after its last byte is written, which the client may read first
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> transfersAndLoginCounted(before, get("/actuator/prometheus").body()));
    }

    private static void transfersAndLoginCounted(String before, String scrape) {
        for (String direction : List.of("upload", "download")) {
            assertThat(bucketBounds(scrape, "files_transfer_duration_seconds_bucket", "direction=\"" + direction + "\""))
                    .containsExactly(0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, Double.POSITIVE_INFINITY);
            assertThat(value(scrape, "files_transfer_duration_seconds_count", "direction=\"" + direction + "\"") - value(before, "files_transfer_duration_seconds_count", "direction=\"" + direction + "\"")).isEqualTo(1);
            assertThat(bucketBounds(scrape, "files_transfer_throughput_bytes_per_second_bucket", "direction=\"" + direction + "\""))
                    .containsExactly(65536.0, 1048576.0, 10485760.0, 104857600.0, 1073741824.0, Double.POSITIVE_INFINITY);
            assertThat(value(scrape, "files_transfer_throughput_bytes_per_second_count", "direction=\"" + direction + "\"") - value(before, "files_transfer_throughput_bytes_per_second_count", "direction=\"" + direction + "\"")).isEqualTo(1);
        }
        assertThat(bucketBounds(scrape, "files_login_duration_seconds_bucket", "outcome=\"success\""))
                .containsExactly(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, Double.POSITIVE_INFINITY);
        assertThat(value(scrape, "files_login_duration_seconds_count", "outcome=\"success\"") - value(before, "files_login_duration_seconds_count", "outcome=\"success\"")).isEqualTo(1);
        assertThat(value(scrape, "files_storage_free_bytes", "")).isPositive();
    }

    /** The {@code le} bounds of a histogram's series carrying {@code label}, in the order scraped. */
    private static List<Double> bucketBounds(String scrape, String name, String label) {
        return scrape.lines().filter(line -> line.startsWith(name + "{") && line.contains(label))
                .map(line -> line.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                .map(le -> le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le))
                .toList();
    }

    private static double value(String scrape, String name, String label) {
        return scrape.lines().filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " with " + label + " not scraped"));
    }
}
