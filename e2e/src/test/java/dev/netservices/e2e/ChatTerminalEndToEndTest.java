package dev.netservices.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat client jar under a pseudo-terminal ({@code script}), as a person runs it, against the real chat-service:
 * JLine is in charge of the line, arrivals are printed above the half-typed line, a silent user's keepalive pings
 * keep it in the room, and {@code /quit}, {@code quit} or Ctrl-D end the process with status 0. Also on Java 17,
 * the oldest runtime the client promises (under a terminal JLine picks the provider Java 17 has). Each wait is
 * for a condition; the JVM's start and end get a loaded machine's margin, not the product's timings.
 */
class ChatTerminalEndToEndTest {

    private static final Duration CLIENT_START = Duration.ofSeconds(60);
    private static final Duration CLIENT_EXIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private ServiceJar service;
    private int chatPort;
    private Terminal client;

    private void startRoom(String... settings) throws IOException {
        chatPort = RepositoryFiles.freeUdpPort();
        service = ServiceJar.start("chat-service", work, Cli.concat(List.of("--chat.port=" + chatPort,
                "--server.port=" + RepositoryFiles.freeTcpPorts(1).getFirst(), "--chat.admin.password=e2e-" + System.nanoTime()),
                settings));
    }

    /** The client as carol under {@code script}, on {@code java}, joined once this returns. */
    private void startClient(String java, String keepalive) throws IOException {
        String command = String.join(" ", "env", "TERM=xterm", java, "-Duser.home=" + work, "-jar", Cli.clientJar().toString(), "chat",
                "--host", "127.0.0.1", "--port", String.valueOf(chatPort), "--name", "carol", "--keepalive", keepalive);
        client = new Terminal("carol (client jar under script)", List.of(Cli.require("script", "bsdutils"), "-q", "-e", "-c",
                command, "/dev/null"));
        client.awaitShows("You are in the room as carol", CLIENT_START);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.process().destroyForcibly();
        }
        if (service != null) {
            service.close();
        }
    }

    private void keys(String keys) throws IOException {
        client.process().getOutputStream().write(keys.getBytes(UTF_8));
        client.process().getOutputStream().flush();
    }

    private void endsWithZero() throws InterruptedException {
        assertThat(client.process().waitFor(CLIENT_EXIT.toSeconds(), TimeUnit.SECONDS)).as("ended; screen:%n%s", client.screen()).isTrue();
        assertThat(client.process().exitValue()).as(client.screen()).isZero();
        assertThat(client.screen()).doesNotContain("Exception");
    }

    @Test
    void arrivalsArePrintedAboveTheHalfTypedLineAndSlashQuitEnds() throws Exception {
        arrivalsAboveTheHalfTypedLineThenSlashQuit(Cli.java());
    }

    @Test
    void theSameSessionRunsOnJava17() throws Exception {
        arrivalsAboveTheHalfTypedLineThenSlashQuit(Java17.java());
        assertThat(client.screen()).doesNotContain("UnsupportedClassVersionError");
    }

    private void arrivalsAboveTheHalfTypedLineThenSlashQuit(String java) throws Exception {
        startRoom();
        try (ChatMember bob = new ChatMember(chatPort)) {
            assertThat(bob.join("bob")).isEqualTo("OK");
            startClient(java, "25s");
            assertThat(bob.receive()).isEqualTo("carol entered the room");
            keys("hel");
            client.awaitShows("hel");
            bob.send("hi carol");
            // the half-typed line is cleared, the arrival printed, and the line redrawn below it
            client.awaitShows("\u001b[K\u001b[93mbob\u001b[0m : hi carol\r\n#lobby> hel");
            keys("lo\r");
            assertThat(bob.receive()).isEqualTo("carol : hello");
            keys("/quit\r");
            assertThat(bob.receive()).isEqualTo("carol left the room");
            endsWithZero();
        }
    }

    @Test
    void aSilentUserIsKeptInTheRoomByItsPingsAndCtrlDLeaves() throws Exception {
        startRoom("--chat.idle-timeout=3s");
        startClient(Cli.java(), "1s");
        try (ChatMember bob = new ChatMember(chatPort); ChatMember marker = new ChatMember(chatPort)) {
            // The marker joins after carol and stays silent: once the sweep has removed it, carol has been silent
            // longer than the idle timeout, kept only by her client's pings.
            assertThat(marker.join("marker")).isEqualTo("OK");
            assertThat(marker.receive()).startsWith("you were removed from the room after 3s of silence");
            assertThat(bob.join("bob")).isEqualTo("OK");
            assertThat(bob.send("/who").receive()).matches("members \\(2\\): (carol, bob|bob, carol)");
            assertThat(client.screen()).doesNotContain("PONG").doesNotContain("you were removed");
            keys("\u0004");
            assertThat(bob.receive()).isEqualTo("carol left the room");
            endsWithZero();
        }
    }

    @Test
    void typingQuitEndsCleanlyToo() throws Exception {
        startRoom();
        try (ChatMember bob = new ChatMember(chatPort)) {
            assertThat(bob.join("bob")).isEqualTo("OK");
            startClient(Cli.java(), "25s");
            assertThat(bob.receive()).isEqualTo("carol entered the room");
            keys("quit\r");
            assertThat(bob.receive()).isEqualTo("carol left the room");
            endsWithZero();
        }
    }
}
