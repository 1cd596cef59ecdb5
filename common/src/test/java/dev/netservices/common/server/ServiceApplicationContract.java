package dev.netservices.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;

/**
 * What every service's application test checks alike, written once: the service started on ephemeral ports
 * (the subclass's {@code @SpringBootTest} sets them) answers its actuator endpoints over real HTTP. Each
 * service's application test ({@code ChatApplicationTest}, {@code FileApplicationTest}, {@code WebApplicationTest})
 * extends this, names itself and its protocol server, lists its own metrics, and adds only its own checks.
 */
public abstract class ServiceApplicationContract {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private Environment environment;

    @Autowired
    private List<ProtocolServer> servers;

    @Autowired
    private ApplicationEventPublisher events;

    /** {@code chat-service}, {@code file-service}, {@code web-service}. */
    protected abstract String serviceName();

    /** The protocol server whose health is checked: {@code chat}, {@code files}, {@code web}. */
    protected abstract String protocolServerName();

    /** Names that must be in the Prometheus scrape besides the JVM's: the service's own metrics. */
    protected abstract List<String> serviceMetrics();

    /** {@code user:password} of the admin where the service protects actuator endpoints, else null. */
    protected String adminCredentials() {
        return null;
    }

    /** Whether the Prometheus scrape needs the admin (chat's does); a service that leaves it open to the scraper says no. */
    protected boolean scrapeNeedsAdmin() {
        return adminCredentials() != null;
    }

    /** The management port (REST and actuator). */
    protected int managementPort() {
        return environment.getRequiredProperty("local.server.port", Integer.class);
    }

    protected HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As the admin, where there is one; else the same as {@link #get}. */
    protected HttpResponse<String> getAsAdmin(String path) throws Exception {
        HttpRequest.Builder request = request(path);
        if (adminCredentials() != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(adminCredentials().getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort() + path));
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
        assertThat(response.body()).contains("\"service\":\"" + serviceName() + "\"")
                .contains("\"version\":\"0.1.0-SNAPSHOT\"");
    }

    @Test
    void infoCarriesTheGitCommitAndTheBuildTime() throws Exception {
        HttpResponse<String> response = get("/actuator/info");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .containsPattern("\"git\":\\{.*\"commit\":\\{.*\"id\":\"[0-9a-f]{7,}\"")
                .containsPattern("\"build\":\\{.*\"time\":\"\\d{4}-\\d\\d-\\d\\dT");
    }

    @Test
    void readinessGaugeIsOneWhileReadyAndZeroWhileTheServiceRefusesTraffic() throws Exception {
        String ready = "health_readiness{application=\"" + serviceName() + "\"} 1.0";
        String notReady = "health_readiness{application=\"" + serviceName() + "\"} 0.0";
        assertThat(getAsAdmin("/actuator/prometheus").body()).contains(ready);
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> getAsAdmin("/actuator/prometheus").body().contains(notReady));
        } finally {
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> getAsAdmin("/actuator/prometheus").body().contains(ready));
    }

    @Test
    void prometheusScrapeShowsJvmAndServiceMetricsTaggedWithTheService() throws Exception {
        if (scrapeNeedsAdmin()) {
            assertThat(get("/actuator/prometheus").statusCode()).as("the scrape without credentials").isEqualTo(401);
        }
        HttpResponse<String> response = getAsAdmin("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("application=\"" + serviceName() + "\"")
                .contains(serviceMetrics());
    }

    @Test
    void readinessShowsTheProtocolServerOnItsBoundPort() throws Exception {
        ProtocolServer server = servers.stream().filter(s -> s.name().equals(protocolServerName())).findFirst()
                .orElseThrow(() -> new AssertionError("no protocol server named " + protocolServerName()));
        assertThat(server.port()).as("bound").isPositive();
        HttpResponse<String> response = getAsAdmin("/actuator/health/readiness");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"protocol\"").contains("\"" + protocolServerName() + "\"")
                .contains("\"port\":" + server.port()).contains("\"" + server.sessionsLabel() + "\":");
        assertThat(server.port()).as("the protocol port is not the management port").isNotEqualTo(managementPort());
    }

    /**
     * Where Spring Security guards the port, a URL its firewall refuses is a 400 saying why; it was a 401 with an empty
     * body, even to the admin. Elsewhere Tomcat answers it as a path like any other (never a 5xx).
     */
    @Test
    void aUrlTheFirewallRefusesIsA400SayingWhyEvenToTheAdmin() throws Exception {
        for (String path : List.of("/actuator/health;x=1", "/actuator/%2e%2e/health", "/actuator//health")) {
            HttpResponse<String> response = getAsAdmin(path);
            if (adminCredentials() != null) {
                assertThat(response.statusCode()).as(path).isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(response.body()).as(path).contains("\"title\":\"URL refused\"").contains("semicolon");
            } else {
                assertThat(response.statusCode()).as(path).isBetween(200, 499);
            }
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void malformedRequestsToTheManagementPortAreAnsweredWithoutALogLineEach(CapturedOutput output) throws Exception {
        // each wrong method was one WARN line ("Resolved [...HttpRequestMethodNotSupportedException...]"), a path with
        // ".." another, and the first header over Tomcat's limit a stack trace: a log anyone could fill
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> wrongMethod = http.send(request("/actuator/health").DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrongMethod.statusCode()).as("DELETE /actuator/health").isBetween(400, 499);
            HttpResponse<String> dots = get("/actuator/%2e%2e/x");
            assertThat(dots.statusCode()).as("a path with ..").isBetween(400, 499);
        }
        try {
            HttpResponse<String> huge = http.send(request("/actuator/health").header("X-Big", "a".repeat(20_000)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(huge.statusCode()).as("a header over the limit").isBetween(400, 499);
        } catch (java.io.IOException closed) {
            // Tomcat may close the connection after its 400: the log is what this test is about
        }
        assertThat(output.getAll()).doesNotContain("Resolved [").doesNotContain("Path contains")
                .doesNotContain("Request header is too large");
    }
}
