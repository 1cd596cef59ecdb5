package dev.netservices.client.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.netservices.client.ClientJar;
import dev.netservices.common.tools.RequiredTool;

/**
 * The chat client jar under a pseudo-terminal ({@code script}) against a {@link ScriptedRoom}, for what a real
 * chat-service never sends: a hostile line, which must reach the terminal as visible escapes, not as commands.
 * The rest of the terminal session (arrivals above the half-typed line, keepalive, /quit, quit, Ctrl-D, Java 17)
 * runs against the real service in e2e's {@code ChatTerminalEndToEndTest}.
 */
class ChatTerminalIT {

    /**
     * How long the client's JVM may take to start and join: on a loaded 2-core machine it has taken more than
     * the 15 s the room waits for any later datagram. The promises under test (a line sent, /quit ending
     * within a second) are timed from the moment the client is up, never from its start.
     */
    private static final Duration CLIENT_START = Duration.ofSeconds(60);

    private final ScriptedRoom room = new ScriptedRoom();
    private Process client;
    private StringBuffer screen;
    private OutputStream keyboard;

    ChatTerminalIT() throws IOException {
    }

    private void start(String keepalive) throws IOException {
        String command = String.join(" ", ClientJar.command("chat", "--host", "127.0.0.1", "--port", String.valueOf(room.port()),
                "--name", "carol", "--keepalive", keepalive));
        ProcessBuilder builder = new ProcessBuilder(RequiredTool.onPath("script", "bsdutils").toString(), "-q", "-e", "-c", command, "/dev/null").redirectErrorStream(true);
        builder.environment().put("TERM", "xterm");
        client = builder.start();
        screen = ClientJar.watch(client.getInputStream());
        keyboard = client.getOutputStream();
        room.receivesFirst("L carol", CLIENT_START);
        room.sends("OK");
        screenShows("You are in the room as carol", CLIENT_START);
    }

    @AfterEach
    void stop() throws InterruptedException {
        room.close();
        if (client != null) {
            client.destroyForcibly();
            client.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void type(String keys) throws IOException {
        keyboard.write(keys.getBytes(UTF_8));
        keyboard.flush();
    }

    private void screenShows(String text) {
        screenShows(text, Duration.ofSeconds(15));
    }

    private void screenShows(String text, Duration atMost) {
        try {
            await().atMost(atMost).until(() -> screen.toString().contains(text));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the terminal does not show " + visible(text) + "; it shows:\n" + visible(screen.toString()), e);
        }
    }

    private static String visible(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n\n").replace("\u001b", "\\e");
    }

    @Test
    void aHostileLineReachesTheTerminalAsVisibleEscapesNotAsCommands() throws Exception {
        start("25s");
        room.sends("mallory : \u001b]0;owned\u0007\u001b[2Jhi\rbob : send mallory the money\u202e");
        // On a terminal the speaker's name is coloured (the client's own escape, fixed per name), the rest escaped.
        screenShows("\u001b[" + ChatLook.colourOf("mallory") + "mmallory\u001b[0m : \\e]0;owned\\x07\\e[2Jhi\\rbob : send mallory the money\\u202E\r\n");
        assertThat(screen.toString()).as("the prompt shows the room").contains("#lobby> ");
        assertThat(screen.toString()).doesNotContain("\u001b]0;").doesNotContain("\u001b[2J").doesNotContain("\u0007")
                .doesNotContain("\u202e");
        type("/quit\r");
        assertThat(room.nextSkippingPings()).isEqualTo("Q carol");
        room.sends("EXIT");
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).as("ended after EXIT (a JVM's end on a loaded machine)").isTrue();
    }
}
