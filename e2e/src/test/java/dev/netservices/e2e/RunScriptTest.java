package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    void startsThreeHealthyServicesOnThisHostOnlyWithPrefixedLogsWithoutSecretsAndStopsThemAllOnSigterm() throws Exception {
        Map<String, String> environment = new HashMap<>(RunScript.freePortsEnvironment(work));
        String chatPassword = "chat-" + UUID.randomUUID();
        String webPassword = "web-" + UUID.randomUUID();
        environment.put("CHAT_ADMIN_PASSWORD", chatPassword);
        environment.put("WEB_ADMIN_PASSWORD", webPassword);
        runScript = RunScript.start(environment);

        assertThat(runScript.awaitHealthy(Duration.ofSeconds(150))).as(runScript.transcript()).isTrue();
        assertThat(runScript.transcript())
                .contains("binding chat to 127.0.0.1, files to 127.0.0.1, web to 127.0.0.1, their HTTP ports to 127.0.0.1")
                .contains("chat  | ").contains("files | ").contains("web   | ")
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
            // Bound to 127.0.0.1 only: another loopback address of this host (all of 127/8 is) is refused.
            assertThat(answers("127.0.0.2", runScript.port(httpPort))).as(httpPort + " on 127.0.0.2").isFalse();
        }
        for (String protocolPort : List.of("FILES_PORT", "WEB_PORT")) {
            assertThat(answers("127.0.0.1", runScript.port(protocolPort))).as(protocolPort + " on 127.0.0.1").isTrue();
            assertThat(answers("127.0.0.2", runScript.port(protocolPort))).as(protocolPort + " on 127.0.0.2").isFalse();
        }
        assertThat(pingAnswer("127.0.0.1", runScript.port("CHAT_PORT"))).as("chat on 127.0.0.1").isEqualTo("PONG");
        assertThat(pingAnswer("127.0.0.2", runScript.port("CHAT_PORT"))).as("chat on 127.0.0.2").isEqualTo("port unreachable");

        // Neither admin password, nor a wrong one someone tried, reaches any service's log.
        String tried = "tried-" + UUID.randomUUID();
        for (String[] login : new String[][] {{"CHAT_HTTP_PORT", chatPassword}, {"CHAT_HTTP_PORT", tried},
                {"WEB_HTTP_PORT", webPassword}, {"WEB_HTTP_PORT", tried}}) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runScript.env(login[0]) + "/actuator/metrics"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + login[1]).getBytes(StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
        for (String service : List.of("chat", "files", "web")) {
            assertThat(Files.readString(work.resolve("logs").resolve(service + ".log"))).as(service + ".log")
                    .isNotEmpty().doesNotContain(chatPassword).doesNotContain(webPassword).doesNotContain(tried);
        }

        List<ProcessHandle> jvms = runScript.jvms();
        assertThat(jvms).hasSize(3);

        assertThat(runScript.terminate(Duration.ofSeconds(60))).as(runScript.transcript()).isTrue();
        assertThat(runScript.process().exitValue()).isEqualTo(143);
        assertThat(jvms).noneMatch(ProcessHandle::isAlive);
        await().atMost(Duration.ofSeconds(30)).until(() -> runScript.printed("all stopped"));
    }

    @Test
    void aServerAddressTheUserGaveWinsOverTheDefaultBind() throws Exception {
        Map<String, String> environment = new HashMap<>(RunScript.freePortsEnvironment(work));
        environment.put("SERVER_ADDRESS", "127.0.0.2");
        runScript = RunScript.start(environment);

        assertThat(runScript.awaitHealthy(Duration.ofSeconds(150))).as(runScript.transcript()).isTrue();
        assertThat(runScript.transcript()).contains("their HTTP ports to 127.0.0.2");
        for (String httpPort : List.of("CHAT_HTTP_PORT", "FILES_HTTP_PORT", "WEB_HTTP_PORT")) {
            assertThat(answers("127.0.0.2", runScript.port(httpPort))).as(httpPort + " on 127.0.0.2").isTrue();
            assertThat(answers("127.0.0.1", runScript.port(httpPort))).as(httpPort + " on 127.0.0.1").isFalse();
        }
    }

    @Test
    void aServerPortTheUserGaveIsRefusedWithTheReasonInsteadOfOverridden() throws Exception {
        Map<String, String> environment = new HashMap<>(RunScript.freePortsEnvironment(work));
        environment.put("SERVER_PORT", "9999");
        runScript = RunScript.start(environment);

        assertThat(runScript.process().waitFor(60, TimeUnit.SECONDS)).as(runScript.transcript()).isTrue();
        assertThat(runScript.process().exitValue()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> runScript.printed(
                "SERVER_PORT=9999 would give chat, files and web the same HTTP port; set CHAT_HTTP_PORT, FILES_HTTP_PORT and WEB_HTTP_PORT instead"));
        assertThat(runScript.jvms()).isEmpty();
    }

    /** True when a TCP connection to the address and port is accepted. */
    /** The chat room's answer to a {@code /ping}, or "port unreachable" when nothing listens there (ICMP). */
    private static String pingAnswer(String address, int port) throws IOException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(new InetSocketAddress(address, port));
            channel.write(ByteBuffer.wrap("/ping".getBytes(StandardCharsets.UTF_8)));
            channel.socket().setSoTimeout(10_000);
            DatagramPacket packet = new DatagramPacket(new byte[512], 512);
            channel.socket().receive(packet);
            return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        } catch (PortUnreachableException nothingListens) {
            return "port unreachable";
        }
    }

    private static boolean answers(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
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
