package dev.netservices.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.udp.ChatServer;
import dev.netservices.client.Main;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The terminal client from the client module, in its own process, against the running service. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"chat.port=0", "chat.admin.password=test-secret"})
class ChatClientAgainstServiceTest {

    @Autowired
    private ChatServer server;

    @Test
    void theClientJoinsAfterARefusalTalksHearsTheRoomAndLeavesOnQuit() throws Exception {
        Path clientJar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process client = new ProcessBuilder(java.toString(), "-cp", clientJar.toString(), Main.class.getName(),
                "chat", "--host", "127.0.0.1", "--port", Integer.toString(server.port()))
                .redirectErrorStream(true)
                .start();
        StringBuffer screen = new StringBuffer();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), UTF_8))) {
                out.lines().forEach(line -> screen.append(line).append('\n'));
            } catch (Exception e) {
                screen.append("reader failed: ").append(e);
            }
        });
        try (UdpMember watcher = new UdpMember(server.port());
                PrintWriter keyboard = new PrintWriter(new OutputStreamWriter(client.getOutputStream(), UTF_8), true)) {
            watcher.join("client_watcher");

            keyboard.println("client_watcher");
            await().atMost(Duration.ofSeconds(20)).until(() -> screen.toString().contains("FAIL the name client_watcher is taken"));

            keyboard.println("客户端");
            await().atMost(Duration.ofSeconds(10)).until(() -> screen.toString().contains("You are in the room as 客户端"));
            assertThat(watcher.receive()).isEqualTo("客户端 entered the room");

            keyboard.println("hello from the terminal");
            assertThat(watcher.receive()).isEqualTo("客户端 : hello from the terminal");

            watcher.send("welcome, terminal");
            await().atMost(Duration.ofSeconds(10)).until(() -> screen.toString().contains("client_watcher : welcome, terminal"));

            keyboard.println("quit");
            assertThat(watcher.receive()).isEqualTo("客户端 left the room");
            assertThat(client.waitFor(10, TimeUnit.SECONDS)).as("client exits after quit").isTrue();
            assertThat(client.exitValue()).isZero();
            watcher.send("/quit");
        } finally {
            client.destroyForcibly();
            client.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
