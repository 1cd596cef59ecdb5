package dev.netservices.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.netservices.web.reactor.WebServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * The application's own log output, captured: the access log as JSON lines when {@code web.access-log.format=json},
 * and the admin password in no log line, whether a login is right or wrong.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"web.port=0", "web.event-loops=1", "web.access-log.format=json",
                "web.admin.password=" + WebLogsTest.PASSWORD, "logging.level.org.springframework.security=DEBUG"})
class WebLogsTest {

    static final String PASSWORD = "Tr0ub4dor-log-probe";
    private static final String WRONG = "wrong-log-probe-pass";

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    private WebServer webServer;

    @LocalManagementPort
    private int managementPort;

    private int status(URI uri, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("User-Agent", "log-probe/2.0")
                .header("Referer", "http://referrer.test/page");
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void accessLogLinesAreJsonWithEveryField(CapturedOutput output) throws Exception {
        assertThat(status(URI.create("http://localhost:" + webServer.port() + "/?from=log-test"), null, null)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("/?from=log-test"));
        String line = output.getOut().lines().filter(l -> l.contains("/?from=log-test")).findFirst().orElseThrow();
        JsonNode entry = json.readTree(line.substring(line.indexOf('{')));
        assertThat(entry.get("method").asString()).isEqualTo("GET");
        assertThat(entry.get("target").asString()).isEqualTo("/?from=log-test");
        assertThat(entry.get("protocol").asString()).isEqualTo("HTTP/1.1");
        assertThat(entry.get("status").asInt()).isEqualTo(200);
        assertThat(entry.get("bytes").asLong()).isPositive();
        assertThat(entry.get("remoteAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(entry.get("referer").asString()).isEqualTo("http://referrer.test/page");
        assertThat(entry.get("userAgent").asString()).isEqualTo("log-probe/2.0");
        assertThat(entry.has("time")).isTrue();
        assertThat(entry.has("durationMillis")).isTrue();
    }

    @Test
    void theAdminPasswordIsInNoLogLineAfterRightAndWrongLogins(CapturedOutput output) throws Exception {
        URI health = URI.create("http://localhost:" + managementPort + "/actuator/health");
        assertThat(status(health, "admin", PASSWORD)).isEqualTo(200);
        assertThat(status(health, "admin", WRONG)).isEqualTo(401);
        assertThat(status(health, "nobody", PASSWORD)).isEqualTo(401);
        // a marker request after the logins: once its access line is out, whatever the logins logged is out too
        status(URI.create("http://localhost:" + webServer.port() + "/?marker=after-logins"), null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("/?marker=after-logins"));
        String all = output.getAll();
        assertThat(all).as("the logins were logged at all (security at DEBUG)").containsIgnoringCase("authentic");
        for (String secret : List.of(PASSWORD, WRONG, Base64.getEncoder().encodeToString(
                ("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)), Base64.getEncoder().encodeToString(
                ("admin:" + WRONG).getBytes(StandardCharsets.UTF_8)))) {
            assertThat(all).as("no log line holds " + secret).doesNotContain(secret);
        }
    }
}
