package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chat client jar against the real chat-service, in both its locales where the texts matter: the room's own
 * texts (taken names, arrivals, departures, "not in the room" after a restart) come from the service's message
 * bundle, so a change there that the client does not follow fails here. Once these ran against a hand-written
 * room (the client module's {@code ScriptedRoom}, now kept only for what a real server never sends). A restart is
 * a real stop and start of the service on the same port; the client's silence notice comes from its own
 * keepalive, set small and awaited as a condition.
 */
class ChatClientInTheRealRoomTest {

    private static final Duration CLIENT_START = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private int chatPort;

    private ServiceJar room(String locale) throws IOException {
        if (chatPort == 0) {
            chatPort = RepositoryFiles.freeUdpPort();
        }
        return ServiceJar.start("chat-service", work, List.of("--chat.port=" + chatPort,
                "--server.port=" + RepositoryFiles.freeTcpPorts(1).getFirst(), "--chat.locale=" + locale,
                "--chat.admin.password=" + "e2e-" + System.nanoTime()));
    }

    private Terminal client(String... options) throws IOException {
        return new Terminal("client jar", Cli.concat(List.of(Cli.java(), "-Duser.home=" + work, "-jar", Cli.clientJar().toString(),
                "chat", "--host", "127.0.0.1", "--port", String.valueOf(chatPort)), options));
    }

    /** The room's texts in one locale, as messages.properties and messages_zh_CN.properties have them. */
    private record Texts(String locale) {
        boolean chinese() {
            return locale.equals("zh-CN");
        }

        String entered(String name) {
            return chinese() ? "欢迎 " + name + " 进入聊天室" : name + " entered the room";
        }

        String left(String name) {
            return chinese() ? name + " 退出聊天室" : name + " left the room";
        }

        String taken(String name) {
            return chinese() ? "该用户已存在：" + name : "the name " + name + " is taken";
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh-CN"})
    void asksForANameUntilTheRoomSaysOkThenTalksShowsArrivalsAndLeavesOnQuit(String locale) throws Exception {
        Texts texts = new Texts(locale);
        try (ServiceJar service = room(locale); ChatMember holder = new ChatMember(chatPort); ChatMember other = new ChatMember(chatPort);
                Terminal client = client()) {
            assertThat(holder.join("小明")).isEqualTo("OK");
            client.awaitShows("name:", CLIENT_START);
            client.type("小明");
            client.awaitShows("FAIL " + texts.taken("小明"));
            client.type("xiaoming");
            client.awaitShows("You are in the room as xiaoming");
            assertThat(holder.receive()).isEqualTo(texts.entered("xiaoming"));

            assertThat(other.join("小红")).isEqualTo("OK");
            other.send("你好");
            client.awaitShows(texts.entered("小红") + "\n小红 : 你好");

            client.type("hello room");
            assertThat(holder.receive()).isEqualTo(texts.entered("小红"));
            assertThat(holder.receive()).isEqualTo("小红 : 你好");
            assertThat(holder.receive()).isEqualTo("xiaoming : hello room");
            client.type("");
            client.type("quit");
            assertThat(holder.receive()).as("an empty line is not sent").isEqualTo(texts.left("xiaoming"));
            assertThat(client.process().waitFor(30, TimeUnit.SECONDS)).as(client.screen()).isTrue();
            assertThat(client.process().exitValue()).isZero();
            assertThat(client.screen()).doesNotContain("EXIT");
        }
    }

    @Test
    void endOfInputLeavesTheRoomToo() throws Exception {
        Texts texts = new Texts("en");
        try (ServiceJar service = room("en"); ChatMember watcher = new ChatMember(chatPort); Terminal client = client("--name", "alone")) {
            assertThat(watcher.join("watcher")).isEqualTo("OK");
            client.awaitShows("You are in the room as alone", CLIENT_START);
            assertThat(watcher.receive()).isEqualTo(texts.entered("alone"));
            client.process().getOutputStream().close();
            assertThat(watcher.receive()).isEqualTo(texts.left("alone"));
            assertThat(client.process().waitFor(30, TimeUnit.SECONDS)).as(client.screen()).isTrue();
            assertThat(client.process().exitValue()).isZero();
        }
    }

    @Test
    void timestampsPrefixArrivals() throws Exception {
        try (ServiceJar service = room("en"); ChatMember bob = new ChatMember(chatPort); Terminal client = client("--name", "judy", "--timestamps")) {
            client.awaitShows("You are in the room as judy", CLIENT_START);
            assertThat(bob.join("bob")).isEqualTo("OK");
            bob.send("hi");
            await().atMost(Duration.ofSeconds(15)).until(() -> client.screen().matches("(?s).*\\[\\d\\d:\\d\\d:\\d\\d] bob : hi\n.*"));
        }
    }

    @Test
    void aRoomThatStopsAnsweringIsToldAndOnItsReturnTheClientJoinsAgainWithTheSameName() throws Exception {
        ServiceJar first = room("en");
        try (Terminal client = client("--name", "gina", "--keepalive", "200ms")) {
            try (first) {
                client.awaitShows("You are in the room as gina", CLIENT_START);
            }
            // stopped: the client's pings go unanswered, and it says so (its own timeout: two keepalives)
            client.awaitShows("has not answered for", Duration.ofSeconds(30));
            try (ServiceJar again = room("en"); ChatMember watcher = new ChatMember(chatPort)) {
                client.awaitShows("answers again", CLIENT_START);
                client.awaitShows("You are in the room as gina again.", Duration.ofSeconds(30));
                assertThat(watcher.join("watcher")).isEqualTo("OK");
                assertThat(watcher.send("/who").receive()).matches("members \\(2\\): (gina, watcher|watcher, gina)");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh-CN"})
    void aLineRefusedAsNotInTheRoomAfterARestartJoinsAgainAndIsSentAgain(String locale) throws Exception {
        Texts texts = new Texts(locale);
        ServiceJar first = room(locale);
        try (Terminal client = client("--name", "hank", "--keepalive", "0s")) {
            try (first) {
                client.awaitShows("You are in the room as hank", CLIENT_START);
            }
            try (ServiceJar again = room(locale); ChatMember watcher = new ChatMember(chatPort)) {
                assertThat(watcher.join("watcher")).isEqualTo("OK");
                client.type("are you there?");
                assertThat(watcher.receive()).isEqualTo(texts.entered("hank"));
                assertThat(watcher.receive()).isEqualTo("hank : are you there?");
                client.awaitShows("joining again as hank");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh-CN"})
    void aJoinAgainRefusedSaysWhyAndLinesWaitForAJoinWithAnotherName(String locale) throws Exception {
        Texts texts = new Texts(locale);
        ServiceJar first = room(locale);
        try (Terminal client = client("--name", "ivan", "--keepalive", "0s")) {
            try (first) {
                client.awaitShows("You are in the room as ivan", CLIENT_START);
            }
            try (ServiceJar again = room(locale); ChatMember thief = new ChatMember(chatPort)) {
                assertThat(thief.join("ivan")).isEqualTo("OK");
                client.type("hello");
                client.awaitShows("cannot join the room as ivan: " + texts.taken("ivan"));
                client.type("still here");
                client.awaitShows("you are not in the room: /join NAME to join, quit to leave");
                client.type("/join ivan2");
                client.awaitShows("You are in the room as ivan2.");
                assertThat(thief.receive()).isEqualTo(texts.entered("ivan2"));
                client.type("back");
                assertThat(thief.receive()).as("the lines typed while out are not sent").isEqualTo("ivan2 : back");
            }
        }
    }
}
