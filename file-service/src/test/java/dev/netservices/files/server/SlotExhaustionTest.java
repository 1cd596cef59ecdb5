package dev.netservices.files.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.netservices.common.time.ManualClock;
import dev.netservices.files.observability.SessionSlotsHealthIndicator;
import dev.netservices.files.support.DevCa;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * The review's slot exhaustion: a hundred silent connections from one machine took every session for the idle
 * timeout while health said UP. Now one address gets its share only, silence is cut at the first-command
 * deadline (TLS handshake included), and health says when the slots are all taken.
 */
class SlotExhaustionTest {

    @TempDir
    static Path certificates;

    @TempDir
    Path root;

    private static DevCa ca;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = DevCa.in(certificates);
    }

    @Test
    void aHundredConnectionsFromOneAddressTakeOnlyItsShareAndOthersAreStillServed() throws IOException {
        List<Socket> flood = new ArrayList<>();
        try (TestServer server = TestServer.on(root).maxSessions(20).maxSessionsPerAddress(10).start()) {
            List<String> greetings = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Socket socket = from("127.0.0.1", server.port());
                flood.add(socket);
                greetings.add(new Wire(socket).greeting());
            }
            assertThat(greetings).filteredOn(line -> line.startsWith("OK files server ready")).hasSize(10);
            assertThat(greetings).filteredOn(line -> line.equals("ERR 429 too many sessions from 127.0.0.1: at most 10 at once")).hasSize(90);
            assertThat(server.registry().get("files.sessions.rejected").tag("reason", "address_full").counter().count()).isEqualTo(90);
            try (Wire other = new Wire(from("127.0.0.2", server.port()))) {
                assertThat(other.greeting()).as("another address is served").startsWith("OK files server ready");
                assertThat(other.command("LIST")).startsWith("OK ");
            }
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
        }
    }

    @Test
    void aConnectionThatSendsNoCommandIsClosedAtTheFirstCommandDeadlineNamingIt() throws IOException {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).clock(clock).firstCommandTimeout(Duration.ofSeconds(10))
                .idleTimeout(Duration.ofMinutes(5)).start();
                Wire talker = server.connect();
                Wire silent = server.connect()) {
            assertThat(talker.command("HELP")).startsWith("OK commands: ");
            clock.advance(Duration.ofSeconds(11));
            assertThat(silent.readLine()).isEqualTo("ERR 408 no command within 10s of connecting; closing");
            assertThat(silent.closedByServer()).isTrue();
            assertThat(talker.command("LIST")).as("a session that spoke has the idle timeout").startsWith("OK ");
            assertThat(server.registry().get("files.sessions.first.command.late").counter().count()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.slots().inUse() == 1);
        }
    }

    @Test
    void aTlsHandshakeThatNeverStartsIsCutAtTheFirstCommandDeadline() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).clock(clock).tls(ca.serverContext()).firstCommandTimeout(Duration.ofSeconds(10))
                .idleTimeout(Duration.ofMinutes(5)).start();
                Socket silent = from("127.0.0.1", server.tlsPort())) {
            // listed means constructed: its deadline runs from a clock reading taken before this advance
            await().atMost(Duration.ofSeconds(10)).until(() -> server.tlsServer().liveSessions() == 1);
            clock.advance(Duration.ofSeconds(11));
            silent.setSoTimeout(20_000);
            InputStream in = silent.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).as("closed (at most a TLS alert): plain text would be noise before a handshake")
                    .doesNotContain("ERR");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.slots().inUse() == 0);
        }
    }

    @Test
    void healthSaysSaturatedWhenEverySlotIsTakenAndStaysUp() throws IOException {
        try (TestServer server = TestServer.on(root).maxSessions(2).start()) {
            SessionSlotsHealthIndicator health = new SessionSlotsHealthIndicator(server.slots());
            try (Wire first = server.connect()) {
                assertThat(health.health().getDetails()).containsEntry("inUse", 1).containsEntry("max", 2).containsEntry("saturated", false);
                try (Wire second = new Wire(from("127.0.0.3", server.port()))) {
                    Health saturated = health.health();
                    assertThat(saturated.getStatus()).isEqualTo(Status.UP);
                    assertThat(saturated.getDetails()).containsEntry("inUse", 2).containsEntry("addresses", 2).containsEntry("saturated", true);
                }
            }
        }
    }

    private static Socket from(String localAddress, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return socket;
    }
}
