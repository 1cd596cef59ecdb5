package dev.netservices.chat.udp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.UdpMember;
import dev.netservices.common.time.ManualClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The room over real UDP sockets, each test client connected to the server port like {@code nc -u}. All of them
 * are on 127.0.0.1, where a real room would see many IPs, so the per-IP reply budget for non-members is raised
 * here ({@link StrangerFloodTest} tests it), and the clock never moves by itself, so that one budget lasts the class.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        // History off: these tests share one server, and each asserts the next datagram a newcomer gets (RoomsTest
        // covers history).
        properties = {"chat.port=0", "chat.admin.password=test-secret", "chat.history.lines=0",
                "chat.flood.stranger-burst=10000", "chat.flood.stranger-refill=100us"})
class ChatServerTest {

    @Autowired
    private ChatServer server;

    @Autowired
    private ManualClock clock;

    /** The room's time moves only when a test says so: the flood limit is counted against a clock that stands still. */
    @TestConfiguration
    static class RoomTime {
        @Bean
        ManualClock manualClock() {
            return new ManualClock();
        }
    }

    @LocalServerPort
    private int httpPort;

    private UdpMember member() {
        return new UdpMember(server.port());
    }

    @Test
    void originalClientJoinIsAnsweredWithExactlyOkAndTheOthersAreToldByteForByte() {
        try (UdpMember alice = member(); UdpMember bob = member()) {
            assertThat(alice.send("L alice01").receiveBytes()).isEqualTo("OK".getBytes(UTF_8));
            assertThat(bob.send("L bob01").receiveBytes()).isEqualTo("OK".getBytes(UTF_8));
            assertThat(alice.receiveBytes()).isEqualTo("bob01 entered the room".getBytes(UTF_8));

            bob.send("C bob01 hello there");
            assertThat(alice.receiveBytes()).isEqualTo("bob01 : hello there".getBytes(UTF_8));
            bob.receivesNothingBeforePong();

            assertThat(bob.send("Q bob01").receive()).isEqualTo("EXIT");
            assertThat(alice.receive()).isEqualTo("bob01 left the room");
            alice.send("Q alice01").receive();
        }
    }

    @Test
    void aMessageReachesEveryOtherMemberButNotItsSender() {
        try (UdpMember a = member(); UdpMember b = member(); UdpMember c = member()) {
            a.join("fan_a");
            b.join("fan_b");
            a.receive();
            c.join("fan_c");
            a.receive();
            b.receive();

            c.send("C fan_c 你好，大家");
            assertThat(a.receive()).isEqualTo("fan_c : 你好，大家");
            assertThat(b.receive()).isEqualTo("fan_c : 你好，大家");
            c.receivesNothingBeforePong();
            for (UdpMember m : List.of(a, b, c)) {
                m.send("/quit\n");
            }
        }
    }

    @Test
    void netcatLinesEndingInLfOrCrlfWorkWithoutRepeatingTheNameAndAreAnsweredWithLines() {
        try (UdpMember nc = member(); UdpMember other = member()) {
            assertThat(other.join("nc_other")).isEqualTo("OK");
            assertThat(nc.send("L nc_user\n").receive()).isEqualTo("OK\n");
            assertThat(other.receive()).isEqualTo("nc_user entered the room");

            nc.send("just a plain line\n");
            assertThat(other.receive()).isEqualTo("nc_user : just a plain line");
            nc.send("with crlf\r\n");
            assertThat(other.receive()).isEqualTo("nc_user : with crlf");
            nc.send("/say L is not a join here\n");
            assertThat(other.receive()).isEqualTo("nc_user : L is not a join here");
            other.send("C nc_other lines for netcat");
            assertThat(nc.receive()).isEqualTo("nc_other : lines for netcat\n");

            assertThat(nc.send("/ping\n").receive()).isEqualTo("PONG\n");
            assertThat(nc.send("/who\r\n").receive()).startsWith("members (").contains("nc_other, nc_user").endsWith("\n");
            assertThat(nc.send("/help\n").receive()).contains("/who").contains("/quit");
            assertThat(nc.send("/frob\n").receive()).isEqualTo("ERROR unknown command /frob: /help lists commands\n");
            assertThat(nc.send("/quit\n").receive()).isEqualTo("EXIT\n");
            assertThat(other.receive()).isEqualTo("nc_user left the room");
            other.send("/quit");
        }
    }

    @Test
    void speakingOrLeavingUnderAnotherMembersNameIsRefused() {
        try (UdpMember victim = member(); UdpMember mallory = member(); UdpMember stranger = member()) {
            victim.join("victim");
            mallory.join("mallory");
            victim.receive();

            assertThat(mallory.send("C victim I owe everyone money").receive())
                    .isEqualTo("ERROR you are in the room as mallory: C and Q must name you");
            assertThat(mallory.send("Q victim").receive()).startsWith("ERROR you are in the room as mallory");
            assertThat(stranger.send("C victim hi").receive())
                    .isEqualTo("ERROR not in the room: join first with L <name> or /join <name>");
            assertThat(stranger.send("Q victim").receive()).startsWith("ERROR not in the room");
            victim.receivesNothingBeforePong();
            assertThat(victim.send("/who").receive()).contains("victim").contains("mallory");
            victim.send("/quit");
            mallory.send("/quit");
        }
    }

    @Test
    void takenNamesAreRefusedWhateverTheirCaseAndInvalidNamesWithAReason() {
        try (UdpMember first = member(); UdpMember second = member()) {
            assertThat(first.join("Zoë_1")).isEqualTo("OK");
            assertThat(second.join("zoË_1")).isEqualTo("FAIL the name zoË_1 is taken");
            assertThat(second.join("a".repeat(33))).isEqualTo("FAIL a name has 1 to 32 characters");
            assertThat(second.join("two words")).isEqualTo("FAIL a name may contain only letters, digits, _ and -");
            assertThat(second.join("semi;colon")).isEqualTo("FAIL a name may contain only letters, digits, _ and -");
            assertThat(second.send("L ").receive()).isEqualTo("ERROR expected L <name>");
            assertThat(second.join("张三-2")).isEqualTo("OK");
            assertThat(first.receive()).isEqualTo("张三-2 entered the room");
            first.send("/quit");
            second.send("/quit");
        }
    }

    @Test
    void aSecondJoinFromTheSameAddressRenamesTheMember() {
        try (UdpMember renamer = member(); UdpMember other = member()) {
            renamer.join("oldname");
            other.join("watcher");
            renamer.receive();
            assertThat(renamer.join("newname")).isEqualTo("OK");
            assertThat(other.receive()).isEqualTo("oldname is now called newname");
            assertThat(renamer.join("newname")).as("the same join again, as after a lost OK").isEqualTo("OK");
            other.receivesNothingBeforePong();
            renamer.send("hi");
            assertThat(other.receive()).isEqualTo("newname : hi");
            assertThat(other.join("oldname")).as("the old name is free again").isEqualTo("OK");
            renamer.receive();
            renamer.send("/quit");
            other.send("/quit");
        }
    }

    @Test
    void aJoinFollowedAtOnceByAMessageNeverRaces() {
        try (UdpMember listener = member()) {
            listener.join("order_listener");
            for (int i = 0; i < 30; i++) {
                try (UdpMember quick = member()) {
                    quick.send("L quick" + i).send("C quick" + i + " first words " + i).send("Q quick" + i);
                    assertThat(quick.receive()).isEqualTo("OK");
                    assertThat(quick.receive()).isEqualTo("EXIT");
                    assertThat(listener.receive()).isEqualTo("quick" + i + " entered the room");
                    assertThat(listener.receive()).isEqualTo("quick" + i + " : first words " + i);
                    assertThat(listener.receive()).isEqualTo("quick" + i + " left the room");
                }
            }
            listener.send("/quit");
        }
    }

    @Test
    void malformedDatagramsGetOneLineErrorsAndTheServiceStaysHealthy() throws Exception {
        try (UdpMember client = member()) {
            assertThat(UdpMember.replyToEmptyDatagram(server.port())).startsWith("ERROR empty datagram");
            assertThat(client.send("\n").receive()).startsWith("ERROR empty datagram");
            assertThat(client.sendBytes(new byte[8193]).receive()).isEqualTo("ERROR datagram too large: at most 8192 bytes");
            byte[] largest = "x".repeat(8192).getBytes(UTF_8);
            assertThat(client.sendBytes(largest).receive()).as("the largest allowed datagram is read whole")
                    .startsWith("ERROR not in the room");
            assertThat(client.sendBytes(new byte[] {'L', ' ', (byte) 0xC3, (byte) 0x28}).receive())
                    .isEqualTo("ERROR datagram is not valid UTF-8 (byte 0xC3 at offset 2)");
            assertThat(client.send("hello\u0007there").receive()).startsWith("ERROR control characters");
            assertThat(client.send("/frobnicate now").receive()).isEqualTo("ERROR unknown command /frobnicate: /help lists commands");
            assertThat(client.send("C onlyname").receive()).isEqualTo("ERROR expected C <name> <text>");

            // Random bytes in batches, so that the kernel's socket buffers never overflow on a loaded machine.
            Random random = new Random(42);
            List<String> replies = new ArrayList<>();
            for (int batch = 0; batch < 10; batch++) {
                for (int i = 0; i < 20; i++) {
                    byte[] junk = new byte[1 + random.nextInt(i == 0 ? 9000 : 64)];
                    random.nextBytes(junk);
                    client.sendBytes(junk);
                }
                for (int i = 0; i < 20; i++) {
                    replies.add(client.receive());
                }
            }
            assertThat(replies).hasSize(200)
                    .allSatisfy(reply -> assertThat(reply).matches("(?s)(ERROR|FAIL|OK|PONG|EXIT|members).*"));
        }
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        try (UdpMember after = member()) {
            assertThat(after.join("still_serving")).isEqualTo("OK");
            after.send("/quit");
        }
    }

    @Test
    void aMemberSendingPastItsBurstIsToldToSlowDownUntilItsBucketRefills() {
        try (UdpMember flooder = member()) {
            flooder.join("flooder");
            int sent = 60;
            for (int i = 0; i < sent; i++) {
                flooder.send("/ping");
            }
            String[] replies = new String[sent];
            for (int i = 0; i < sent; i++) {
                replies[i] = flooder.receive();
            }
            String slowDown = "ERROR too many datagrams: at most 10 per second in bursts of 20; slow down";
            assertThat(Arrays.copyOf(replies, 20)).as("the burst, while the clock stands still").containsOnly("PONG");
            assertThat(Arrays.copyOfRange(replies, 20, sent)).containsOnly(slowDown);
            // Leaving is a datagram too: refused while the bucket is empty, let through once it has refilled a token.
            assertThat(flooder.send("/quit").receive()).isEqualTo(slowDown);
            clock.advance(Duration.ofMillis(99));
            assertThat(flooder.send("/quit").receive()).isEqualTo(slowDown);
            clock.advance(Duration.ofMillis(1));
            assertThat(flooder.send("/quit").receive()).isEqualTo("EXIT");
        }
    }
}
