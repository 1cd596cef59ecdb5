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
 * The client against a room played datagram by datagram on a real UDP socket, for what chat-service itself
 * never sends or cannot be made to send on cue: the original program's bare texts, a server that stops
 * answering and comes back, a restart that forgets the member, unsolicited {@code EXIT}, hostile bytes.
 * Everything chat-service does say (taken names, removals by the admin and by the idle sweep, PONG) is
 * tested against the service itself, in both its locales, in e2e's {@code ChatClientIn*Test}.
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
    void asksForANameUntilOkThenTalksPrintsArrivalsAndLeavesOnQuit() throws Exception {
        start(null, Duration.ZERO, false);
        typing.println("小明");
        room.receives("L 小明");
        room.sends("该用户已存在");
        screenShows("该用户已存在");

        typing.println("xiaoming");
        room.receives("L xiaoming");
        room.sends("OK");
        screenShows("You are in the room as xiaoming");

        room.sends("欢迎 小红 进入聊天室");
        room.sends("小红 : 你好");
        screenShows("小红 : 你好");
        assertThat(screen.toString(UTF_8)).contains("欢迎 小红 进入聊天室\n小红 : 你好");

        typing.println("hello room");
        room.receives("C xiaoming hello room");
        typing.println("");
        typing.println("/who");
        room.receives("/who");

        typing.println("quit");
        room.receives("Q xiaoming");
        room.sends("EXIT");
        assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(screen.toString(UTF_8)).doesNotContain("EXIT");
    }

    @Test
    void endOfInputLeavesTheRoomToo() throws Exception {
        start(null, Duration.ZERO, false);
        typing.println("alone");
        room.receives("L alone");
        room.sends("OK");
        screenShows("You are in the room as alone");
        typing.close();
        room.receives("Q alone");
        assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
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
    void aServerThatStopsAnsweringIsToldAndOnItsReturnTheClientRejoinsWithTheSameName() throws Exception {
        start("gina", Duration.ofMillis(200), false);
        room.receives("L gina");
        room.sends("OK");
        room.receives("/ping");
        // no PONG: the server is gone
        screenShows("has not answered for 400ms; your lines may not arrive");
        room.receives("/ping");
        room.sends("PONG");
        screenShows("answers again");
        assertThat(room.nextSkippingPings()).isEqualTo("L gina");
        room.sends("OK");
        screenShows("You are in the room as gina again.");
    }

    @Test
    void aLineRefusedAsNotInTheRoomAfterARestartRejoinsAndIsSentAgain() throws Exception {
        start("hank", Duration.ZERO, false);
        room.receives("L hank");
        room.sends("OK");
        screenShows("You are in the room as hank");
        typing.println("are you there?");
        room.receives("C hank are you there?");
        room.sends("ERROR not in the room: join first with L <name> or /join <name>\n");
        room.receives("L hank");
        room.sends("OK");
        room.receives("C hank are you there?");
        screenShows("joining again as hank");
    }

    @Test
    void aRejoinRefusedSaysWhyAndLinesWaitForJoinWithAnotherName() throws Exception {
        start("ivan", Duration.ZERO, false);
        room.receives("L ivan");
        room.sends("OK");
        typing.println("hello");
        room.receives("C ivan hello");
        room.sends("ERROR not in the room: join first with L <name> or /join <name>");
        room.receives("L ivan");
        room.sends("FAIL the name ivan is taken");
        screenShows("cannot join the room as ivan: the name ivan is taken");
        typing.println("still here");
        screenShows("you are not in the room: /join NAME to join, quit to leave");
        typing.println("/join ivan2");
        room.receives("L ivan2");
        room.sends("OK");
        screenShows("You are in the room as ivan2.");
        typing.println("back");
        room.receives("C ivan2 back");
    }

    @Test
    void timestampsPrefixArrivals() throws Exception {
        start("judy", Duration.ZERO, true);
        room.receives("L judy");
        room.sends("OK");
        room.sends("bob : hi");
        screenShows("[12:34:56] bob : hi");
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
