package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./run.sh} as an operator uses it, on free ports so that it never collides with anything. */
class RunScriptTest {

    @TempDir
    Path work;

    private RunScript runScript;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (runScript != null) {
            runScript.close();
        }
    }

    @Test
    void startsThreeHealthyServicesWithPrefixedLogsAndStopsThemAllOnSigterm() throws Exception {
        runScript = RunScript.start(RunScript.freePortsEnvironment(work));

        assertThat(runScript.awaitHealthy(Duration.ofSeconds(150))).as(runScript.transcript()).isTrue();
        assertThat(runScript.transcript()).contains("chat  | ").contains("files | ").contains("web   | ")
                .contains("udp " + runScript.env("CHAT_PORT"))
                .contains("tcp " + runScript.env("FILES_PORT"))
                .contains("tcp " + runScript.env("WEB_PORT"));

        HttpClient http = HttpClient.newHttpClient();
        for (String httpPort : List.of("CHAT_HTTP_PORT", "FILES_HTTP_PORT", "WEB_HTTP_PORT")) {
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + runScript.env(httpPort) + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
        }

        List<ProcessHandle> jvms = runScript.jvms();
        assertThat(jvms).hasSize(3);

        assertThat(runScript.terminate(Duration.ofSeconds(60))).as(runScript.transcript()).isTrue();
        assertThat(runScript.process().exitValue()).isEqualTo(143);
        assertThat(jvms).noneMatch(ProcessHandle::isAlive);
        await().atMost(Duration.ofSeconds(30)).until(() -> runScript.printed("all stopped"));
    }

    @Test
    void aTakenPortStopsItAtOnceWithAReadableMessage() throws Exception {
        Map<String, String> environment = RunScript.freePortsEnvironment(work);
        try (ServerSocket taken = new ServerSocket(Integer.parseInt(environment.get("FILES_HTTP_PORT")))) {
            runScript = RunScript.start(environment);
            assertThat(runScript.process().waitFor(60, TimeUnit.SECONDS)).as(runScript.transcript()).isTrue();
            assertThat(runScript.process().exitValue()).isEqualTo(1);
            // run.sh has exited; its last lines reach the transcript when the reader thread takes them
            String refusal = "port " + taken.getLocalPort() + " (for files) is already in use";
            await().atMost(Duration.ofSeconds(30)).until(() -> runScript.printed(refusal));
        }
    }
}
