package dev.netservices.web.admin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.netservices.common.time.ManualClock;
import dev.netservices.web.support.TestCertificates;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The actuator's port as a stranger sees it: statuses, probes, info and the scrape, but no root folder and no
 * certificate; the admin sees the details; a guesser of the admin's password is throttled before it is checked.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"web.port=0", "web.event-loops=1",
        "web.tls.port=0", "web.tls.bundle=web", "web.admin.password=test-secret", "web.admin.failed-login-burst=3",
        "web.admin.failed-login-refill=10s", "web.admin.failed-login-account-burst=2",
        "web.admin.failed-login-account-refill=60s"})
class ManagementDetailsTest {

    private static final String CERTIFICATE_SUBJECT = "CN=localhost";

    static TestCertificates certificates;

    @DynamicPropertySource
    static void certificates(DynamicPropertyRegistry registry) throws Exception {
        certificates = TestCertificates.asBundle(registry, "web");
    }

    @AfterAll
    static void deleteCertificates() throws IOException {
        certificates.delete();
    }

    /** The throttle's refill happens when the test moves this clock. */
    @TestConfiguration
    static class AdminTime {
        @Bean
        ManualClock manualClock() {
            return new ManualClock();
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private ManualClock clock;

    @LocalServerPort
    private int port;

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getAs(String password, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthNamesNoPathAndNoCertificateWithoutCredentials() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("\"path\"")
                .doesNotContain(certificates.folder().toString()).doesNotContain(CERTIFICATE_SUBJECT).doesNotContain("\"components\"");
        assertThat(get("/actuator/metrics").statusCode()).isEqualTo(401);
    }

    @Test
    void theAdminSeesTheDetails() throws Exception {
        clock.advance(Duration.ofMinutes(5));
        HttpResponse<String> health = getAs("test-secret", "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"diskSpace\"").contains("\"path\"").contains(CERTIFICATE_SUBJECT)
                .contains("\"reactor\"").contains("\"protocol\"");
    }

    @Test
    void probesInfoAndTheScrapeStayOpen() throws Exception {
        for (String path : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<String> probe = get(path);
            assertThat(probe.statusCode()).as(path).isEqualTo(200);
            assertThat(probe.body()).as(path).contains("\"status\":\"UP\"").doesNotContain(CERTIFICATE_SUBJECT);
        }
        assertThat(get("/actuator/info").statusCode()).isEqualTo(200);
        HttpResponse<String> scrape = get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("web_requests_total");
    }

    @Test
    void wrongPasswordsAreThrottledWith429BeforeTheyAreChecked(CapturedOutput output) throws Exception {
        clock.advance(Duration.ofMinutes(5));
        int checkedBefore = checked(output);
        // 3 from the address, then 2 from the account's reserve: each checked (a bcrypt hash) and logged.
        for (int i = 1; i <= 5; i++) {
            assertThat(getAs("guess-" + i, "/actuator/health").statusCode()).as("guess %d", i).isEqualTo(401);
        }
        HttpResponse<String> throttled = getAs("guess-6", "/actuator/health");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(throttled.body()).contains("web.admin.failed-login-burst").doesNotContain(CERTIFICATE_SUBJECT);
        assertThat(getAs("test-secret", "/actuator/health").statusCode()).as("spent: even the right password waits")
                .isEqualTo(429);
        assertThat(checked(output) - checkedBefore).as("passwords checked: the throttled ones were not").isEqualTo(5);
        assertThat(output.getOut()).doesNotContain("guess-");

        assertThat(get("/actuator/health/readiness").statusCode()).as("without credentials, not throttled").isEqualTo(200);
        clock.advance(Duration.ofMinutes(5));
        assertThat(getAs("test-secret", "/actuator/health").body()).contains(CERTIFICATE_SUBJECT);
    }

    private static int checked(CapturedOutput output) {
        return output.getOut().split("wrong admin credentials from", -1).length - 1;
    }
}
