package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./run.sh} as an operator uses it, on free ports so that it never collides with anything. */
class RunScriptTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    @TempDir
    Path work;

    private Process runScript;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());

    private Process start(Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("./run.sh").directory(RepositoryFiles.root().toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("FILES_ROOT", work.resolve("files").toString());
        builder.environment().put("RUN_LOG_DIR", work.resolve("logs").toString());
        runScript = builder.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(runScript.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(output closed: " + e + ")");
            }
        });
        return runScript;
    }

    private boolean printed(String text) {
        synchronized (output) {
            return output.stream().anyMatch(line -> line.contains(text));
        }
    }

    private String transcript() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (runScript != null && runScript.isAlive()) {
            List<ProcessHandle> children = runScript.descendants().toList();
            runScript.destroy();
            runScript.waitFor(60, TimeUnit.SECONDS);
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private Map<String, String> freePorts() throws IOException {
        List<Integer> tcp = RepositoryFiles.freeTcpPorts(5);
        return Map.of(
                "CHAT_PORT", String.valueOf(RepositoryFiles.freeUdpPort()),
                "CHAT_HTTP_PORT", String.valueOf(tcp.get(0)),
                "FILES_PORT", String.valueOf(tcp.get(1)),
                "FILES_HTTP_PORT", String.valueOf(tcp.get(2)),
                "WEB_PORT", String.valueOf(tcp.get(3)),
                "WEB_HTTP_PORT", String.valueOf(tcp.get(4)));
    }

    @Test
    void startsThreeHealthyServicesWithPrefixedLogsAndStopsThemAllOnSigterm() throws Exception {
        Map<String, String> ports = freePorts();
        Process process = start(ports);

        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!printed("All three services are healthy") && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(printed("All three services are healthy")).as(transcript()).isTrue();
        assertThat(transcript()).contains("chat  | ").contains("files | ").contains("web   | ")
                .contains("udp " + ports.get("CHAT_PORT"))
                .contains("tcp " + ports.get("FILES_PORT"))
                .contains("tcp " + ports.get("WEB_PORT"));

        HttpClient http = HttpClient.newHttpClient();
        for (String httpPort : List.of(ports.get("CHAT_HTTP_PORT"), ports.get("FILES_HTTP_PORT"), ports.get("WEB_HTTP_PORT"))) {
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
        }

        List<ProcessHandle> jvms = process.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).toList();
        assertThat(jvms).hasSize(3);

        // SIGTERM through the handle: Process.destroy() would also close our end of its output.
        process.toHandle().destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(transcript()).isTrue();
        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(jvms).noneMatch(ProcessHandle::isAlive);
        assertThat(transcript()).contains("all stopped");
    }

    @Test
    void aTakenPortStopsItAtOnceWithAReadableMessage() throws Exception {
        Map<String, String> ports = freePorts();
        try (ServerSocket taken = new ServerSocket(Integer.parseInt(ports.get("FILES_HTTP_PORT")))) {
            Process process = start(ports);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(transcript()).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            Thread.sleep(200); // let the reader thread take the last line
            assertThat(transcript()).contains("port " + taken.getLocalPort() + " (for files) is already in use");
        }
    }
}
