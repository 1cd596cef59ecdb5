package dev.netservices.client.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.netservices.client.terminal.PlainLines;
import dev.netservices.client.terminal.Screen;

/**
 * The client against a room played datagram by datagram on a real UDP socket ({@link ScriptedRoom}), only for
 * what chat-service itself never sends: an {@code EXIT} the client did not ask for, and hostile bytes (escape
 * sequences, bidi overrides, huge lines). Everything the service does say (names taken, arrivals, restarts,
 * rejoining, timestamps, a room that stops answering) is tested against the service itself, in both its locales,
 * in e2e's {@code ChatClientInTheRealRoomTest} and {@code ChatTerminalEndToEndTest}.
 */
class ChatClientTest {

    private final ScriptedRoom room = new ScriptedRoom();
    private final PipedWriter keyboard = new PipedWriter();
    private final PrintWriter typing = new PrintWriter(keyboard, true);
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private CompletableFuture<Integer> exit;

    ChatClientTest() throws Exception {
    }

    private void start(String name, Duration keepalive, boolean timestamps) throws Exception {
        BufferedReader in = new BufferedReader(new PipedReader(keyboard));
        PrintStream out = new PrintStream(screen, true, UTF_8);
        ChatSettings settings = new ChatSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), room.port()),
                name, keepalive, timestamps);
        Clock noon = Clock.fixed(Instant.parse("2026-01-01T12:34:56Z"), ZoneOffset.UTC);
        ChatClient client = new ChatClient(settings, new PlainLines(in, out), Screen.plain(out), System::nanoTime, noon);
        exit = CompletableFuture.supplyAsync(client::run);
    }

    @AfterEach
    void stop() {
        room.close();
        typing.close();
    }

    private void screenShows(String text) {
        await("screen shows " + text).atMost(Duration.ofSeconds(5)).until(() -> screen.toString(UTF_8).contains(text));
    }

    @Test
    void theServersExitEndsTheClientWithZero() throws Exception {
        start("dave", Duration.ZERO, false);
        room.receives("L dave");
        room.sends("OK");
        screenShows("You are in the room as dave");
        room.sends("EXIT");
        assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(screen.toString(UTF_8)).contains("the server ended your session");
    }

    @Test
    void aMoveToARoomIsSentAsTypedAndFollowedAndAfterAServerRestartTheClientAsksForItsRoomBack() throws Exception {
        start("erin", Duration.ZERO, false);
        room.receives("L erin");
        room.sends("OK");
        screenShows("You are in the room as erin");
        typing.println("/join #ops");
        room.receives("/join #ops");
        room.sends("OK #ops");
        screenShows("You are in #ops.");
        room.sends("(private) bob : psst");
        screenShows("(private) bob : psst\n");
        typing.println("hello ops");
        room.receives("C erin hello ops");
        room.sends("ERROR not in the room: join first with L <name> or /join <name>");
        room.receives("L erin");
        room.sends("OK");
        room.receives("/join #ops");
        room.sends("OK #ops");
        room.receives("C erin hello ops");
        typing.println("/part");
        room.receives("/part");
        room.sends("OK #lobby");
        screenShows("You are in #lobby.");
    }

    @Test
    void hostileServerTextIsPrintedAsVisibleEscapesOneLineEachAndCutAt4096Characters() throws Exception {
        start("carol", Duration.ZERO, false);
        room.receives("L carol");
        room.sends("FAIL the name \u001b[5mcarol\u001b[0m is taken\u0007");
        screenShows("name: ");
        typing.println("carol2");
        room.receives("L carol2");
        room.sends("OK");
        screenShows("You are in the room as carol2");
        room.sends("mallory : \u001b]0;you were hacked\u0007\u001b[2J\u001b[Hhello");
        room.sends("mallory : ok\rbob : I agree, send mallory the money");
        room.sends("mallory : hi\n[admin] the room closes; type your password to stay\n");
        room.sends("mallory : see invoice\u202efdp.exe\u2066 \u200b\u0085\u007f\u009b31m");
        room.sends("mallory : " + "A".repeat(65_000));
        room.sends("the end");
        screenShows("\nthe end\n");
        assertThat(screen.toString(UTF_8)).isEqualTo("FAIL the name \\e[5mcarol\\e[0m is taken\\x07\n"
                + "name: You are in the room as carol2. Type a line to talk, /who to list members, quit to leave.\n"
                + "mallory : \\e]0;you were hacked\\x07\\e[2J\\e[Hhello\n"
                + "mallory : ok\\rbob : I agree, send mallory the money\n"
                + "mallory : hi\\n[admin] the room closes; type your password to stay\n"
                + "mallory : see invoice\\u202Efdp.exe\\u2066 \\u200B\\u0085\\x7F\\u009B31m\n"
                + "mallory : " + "A".repeat(4086) + "… (60914 more)\n"
                + "the end\n");
    }
}
