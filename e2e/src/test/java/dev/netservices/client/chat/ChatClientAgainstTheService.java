package dev.netservices.client.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.netservices.client.terminal.PlainLines;
import dev.netservices.client.terminal.Screen;
import dev.netservices.e2e.RepositoryFiles;
import dev.netservices.e2e.ServiceJar;

/**
 * The chat client against chat-service itself, in one of its locales: whatever the room says comes from
 * the service's own message bundle, so a change to those texts that the client no longer understands
 * fails here (the client module keeps a scripted room only for what a real server never sends: hostile
 * bytes, the original program's bare texts, a server that vanishes). Expected texts are read from the same
 * bundle files the service is built from, never copied by hand.
 *
 * <p>One service per locale, with a three-second idle timeout: the clients here ping every 200 ms (fifteen
 * pings per timeout, a real clock's margin), and the one that must be swept out never pings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ChatClientAgainstTheService {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration KEEPALIVE = Duration.ofMillis(200);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Path work;
    private ServiceJar chat;
    private int chatPort;
    private int httpPort;
    private final String adminPassword = UUID.randomUUID().toString();
    private Properties texts;
    private final List<RunningClient> clients = new ArrayList<>();

    /** The service's {@code chat.locale}: {@code en} or {@code zh-CN}. */
    abstract String locale();

    @BeforeAll
    void startTheService() throws IOException {
        work = Files.createTempDirectory("chat-client-" + locale());
        chatPort = RepositoryFiles.freeUdpPort();
        httpPort = RepositoryFiles.freeTcpPorts(1).getFirst();
        texts = bundle(locale());
        chat = ServiceJar.start("chat-service", work, List.of("--chat.port=" + chatPort, "--server.port=" + httpPort,
                "--chat.locale=" + locale(), "--chat.idle-timeout=" + IDLE_TIMEOUT.toSeconds() + "s",
                "--chat.admin.username=admin", "--chat.admin.password=" + adminPassword));
    }

    @AfterEach
    void stopTheClients() {
        for (RunningClient client : clients) {
            client.typing.close();
        }
        clients.clear();
    }

    @AfterAll
    void stopTheService() throws IOException {
        if (chat != null) {
            chat.close();
        }
        if (work != null) {
            try (Stream<Path> left = Files.walk(work)) {
                left.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void aTakenNameIsToldInTheRoomsWordsAnotherIsAskedAndTheTwoTalkAndLeave() throws Exception {
        RunningClient alice = join("alice", KEEPALIVE);
        alice.shows("You are in the room as alice");

        RunningClient second = join("alice", KEEPALIVE);
        second.shows(text("fail.name-taken", "alice"));
        second.shows("name: ");
        second.type("bob");
        second.shows("You are in the room as bob");
        alice.shows(text("chat.entered", "bob"));

        second.type("hello alice");
        alice.shows(text("chat.said", "bob", "hello alice"));
        alice.type("hi bob");
        second.shows(text("chat.said", "alice", "hi bob"));

        second.type("quit");
        assertThat(second.exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as(second.screen()).isZero();
        assertThat(second.screen()).doesNotContain("EXIT");
        alice.shows(text("chat.left", "bob"));
        alice.type("/quit");
        assertThat(alice.exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as(alice.screen()).isZero();
    }

    @Test
    void theAdminsRemovalIsRecognisedAndEndsTheClientWithOne() throws Exception {
        RunningClient eve = join("eve", KEEPALIVE);
        eve.shows("You are in the room as eve");
        String credentials = Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(UTF_8));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> removed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/chat/members/eve"))
                    .DELETE().header("Authorization", "Basic " + credentials).timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(removed.statusCode()).as(removed.body()).isBetween(200, 299);
        }
        assertThat(eve.exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as(eve.screen()).isEqualTo(1);
        assertThat(eve.screen()).contains(text("you.admin-removed")).contains("you are out of the room");
    }

    @Test
    void theIdleSweepsRemovalIsRecognisedAndEndsTheClientWithOne() throws Exception {
        RunningClient quiet = join("quiet", Duration.ZERO); // no keepalive: nothing keeps it in
        quiet.shows("You are in the room as quiet");
        assertThat(quiet.exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as(quiet.screen()).isEqualTo(1);
        assertThat(quiet.screen()).contains(text("you.idle-removed", IDLE_TIMEOUT.toSeconds() + "s")).contains("you are out of the room");
    }

    @Test
    void aTypedPingShowsItsPongAndTheKeepalivesPongsAreNotShown() throws Exception {
        RunningClient frank = join("frank", Duration.ofMillis(100));
        frank.shows("You are in the room as frank");
        frank.type("/ping");
        frank.shows("PONG");
        // the marker: by the time /who is answered, keepalive PONGs sent before it have come and gone unshown
        for (int i = 0; i < 3; i++) {
            frank.type("/who");
        }
        await().atMost(PATIENCE).until(() -> frank.screen().split(java.util.regex.Pattern.quote(text("chat.who", 1, "frank")), -1).length == 4);
        assertThat(frank.screen()).containsOnlyOnce("PONG");
        frank.type("quit");
        assertThat(frank.exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
    }

    /** A client joining as {@code name} (asked for one where null), reading typed lines from a pipe. */
    private RunningClient join(String name, Duration keepalive) throws IOException {
        RunningClient client = new RunningClient(name, keepalive);
        clients.add(client);
        return client;
    }

    private String text(String key, Object... arguments) {
        String pattern = texts.getProperty(key);
        assertThat(pattern).as("%s in the %s bundle", key, locale()).isNotNull();
        return new MessageFormat(pattern, Locale.forLanguageTag(locale())).format(arguments);
    }

    /** The service's own texts for {@code locale}, from the files it is built from. */
    private static Properties bundle(String locale) throws IOException {
        String suffix = locale.equals("en") ? "" : "_" + locale.replace('-', '_');
        Path file = RepositoryFiles.root().resolve("chat-service/src/main/resources/messages" + suffix + ".properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private final class RunningClient {
        private final PrintWriter typing;
        private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
        private final CompletableFuture<Integer> exit;

        RunningClient(String name, Duration keepalive) throws IOException {
            PipedWriter keyboard = new PipedWriter();
            typing = new PrintWriter(keyboard, true);
            BufferedReader in = new BufferedReader(new PipedReader(keyboard));
            PrintStream out = new PrintStream(screen, true, UTF_8);
            ChatSettings settings = new ChatSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), chatPort), name, keepalive, false);
            ChatClient client = new ChatClient(settings, new PlainLines(in, out), Screen.plain(out), System::nanoTime, Clock.systemUTC());
            exit = CompletableFuture.supplyAsync(client::run);
        }

        void type(String line) {
            typing.println(line);
        }

        String screen() {
            return screen.toString(UTF_8);
        }

        void shows(String text) {
            try {
                await().atMost(PATIENCE).until(() -> screen().contains(text));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the client does not show \"" + text + "\"; it shows:\n" + screen(), e);
            }
        }
    }
}
