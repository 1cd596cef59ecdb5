package dev.netservices.chat.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.netservices.chat.UdpMember;
import dev.netservices.chat.udp.ChatServer;
import dev.netservices.common.time.ManualClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * A mute holds on the member, not on its name only: through the real UDP port and the real admin API, the muted
 * member renames, or leaves and joins again from another port of its address under another name, and stays muted
 * until the mute ends or is lifted. The muted member sends from 127.0.0.1; a member on 127.0.0.2 is another machine.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"chat.port=0", "chat.admin.password=test-secret", "chat.history.lines=0",
                "chat.flood.stranger-burst=10000", "chat.flood.stranger-refill=100us"})
class MuteOverSocketsTest {

    private static final String MUTED = "ERROR you are muted: spam \\((30m|29m\\d+s) left\\)";


    @Autowired
    private ChatServer server;

    @Autowired
    private ManualClock clock;

    @LocalServerPort
    private int httpPort;

    /** The mute's end comes when the test moves this clock. */
    @TestConfiguration
    static class MuteTime {
        @Bean
        ManualClock manualClock() {
            return new ManualClock();
        }
    }

    private HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return AdminApi.call(httpPort, method, path, json);
    }

    private void muteMal() throws Exception {
        HttpResponse<String> mute = admin("POST", "/api/chat/mutes", "{\"name\": \"mal\", \"minutes\": 30, \"reason\": \"spam\"}");
        assertThat(mute.statusCode()).isEqualTo(201);
    }

    private static UdpMember elsewhere(int port) throws Exception {
        return new UdpMember(port, InetAddress.getByName("127.0.0.2"));
    }

    /** Whatever a test left, even failing: no mute or member outlives it (they share one server). */
    @AfterEach
    void liftMutesAndRemoveMembers() throws Exception {
        admin("DELETE", "/api/chat/mutes/mal", null);
        for (String name : new String[] {"mal", "mal2", "mal3", "mal4", "ann", "ned"}) {
            admin("DELETE", "/api/chat/members/" + name, null);
        }
    }

    @Test
    void aMutedMemberThatRenamesStaysMutedAndIsToldSo() throws Exception {
        try (UdpMember mal = new UdpMember(server.port()); UdpMember ann = elsewhere(server.port())) {
            assertThat(mal.join("mal")).isEqualTo("OK");
            assertThat(ann.join("ann")).isEqualTo("OK");
            assertThat(mal.receive()).isEqualTo("ann entered the room");
            muteMal();
            assertThat(mal.send("L mal2").receive()).isEqualTo("OK");
            assertThat(ann.receive()).isEqualTo("mal is now called mal2");
            assertThat(mal.send("hi again").receive()).matches(MUTED);
            assertThat(mal.send("/msg ann hi again").receive()).matches(MUTED);
            ann.receivesNothingBeforePong();
            assertThat(admin("GET", "/api/chat/mutes", null).body()).contains("\"name\":\"mal\"")
                    .contains("\"addresses\":[\"127.0.0.1\"]");

            ann.send("can you hear me?");
            assertThat(mal.receive()).as("a muted member still reads").isEqualTo("ann : can you hear me?");
            mal.send("/quit");
            assertThat(mal.receive()).isEqualTo("EXIT");
            ann.send("/quit");
        }
    }

    @Test
    void aMutedMemberThatLeavesAndJoinsAgainFromItsAddressUnderAnotherNameStaysMutedUntilTheMuteEnds() throws Exception {
        try (UdpMember ann = elsewhere(server.port())) {
            assertThat(ann.join("ann")).isEqualTo("OK");
            try (UdpMember mal = new UdpMember(server.port())) {
                assertThat(mal.join("mal")).isEqualTo("OK");
                assertThat(ann.receive()).isEqualTo("mal entered the room");
                muteMal();
                mal.send("/quit");
                assertThat(mal.receive()).isEqualTo("EXIT");
                assertThat(ann.receive()).isEqualTo("mal left the room");
            }
            try (UdpMember again = new UdpMember(server.port())) {
                assertThat(again.join("mal3")).as("joining is not refused: a mute is not a ban").isEqualTo("OK");
                assertThat(ann.receive()).isEqualTo("mal3 entered the room");
                assertThat(again.send("hi again").receive()).matches(MUTED);
                ann.receivesNothingBeforePong();

                clock.advance(Duration.ofMinutes(30));
                again.send("the mute has ended");
                assertThat(ann.receive()).isEqualTo("mal3 : the mute has ended");
                assertThat(admin("GET", "/api/chat/mutes", null).body()).isEqualTo("[]");
                again.send("/quit");
            }
            ann.send("/quit");
        }
    }

    @Test
    void liftingTheMuteLiftsItOnTheAddressToo() throws Exception {
        try (UdpMember mal = new UdpMember(server.port()); UdpMember ann = elsewhere(server.port())) {
            muteMal(); // before the name is in the room: it holds on the address the name joins from
            assertThat(mal.join("mal")).isEqualTo("OK");
            assertThat(ann.join("ann")).isEqualTo("OK");
            assertThat(mal.receive()).isEqualTo("ann entered the room");
            assertThat(mal.send("L mal4").receive()).isEqualTo("OK");
            assertThat(ann.receive()).isEqualTo("mal is now called mal4");
            assertThat(mal.send("hi").receive()).matches(MUTED);

            assertThat(admin("DELETE", "/api/chat/mutes/mal", null).statusCode()).isEqualTo(204);
            assertThat(admin("GET", "/api/chat/mutes", null).body()).isEqualTo("[]");
            mal.send("thanks");
            assertThat(ann.receive()).isEqualTo("mal4 : thanks");
            mal.send("/quit");
            ann.send("/quit");
        }
    }

    @Test
    void behindOneAddressEveryoneIsMutedWithTheMemberAsAnAddressBanWouldKeepEveryoneOut() throws Exception {
        try (UdpMember mal = new UdpMember(server.port()); UdpMember neighbour = new UdpMember(server.port());
                UdpMember ann = elsewhere(server.port())) {
            assertThat(mal.join("mal")).isEqualTo("OK");
            assertThat(neighbour.join("ned")).isEqualTo("OK");
            assertThat(mal.receive()).isEqualTo("ned entered the room");
            assertThat(ann.join("ann")).isEqualTo("OK");
            assertThat(mal.receive()).isEqualTo("ann entered the room");
            assertThat(neighbour.receive()).isEqualTo("ann entered the room");
            muteMal();
            assertThat(neighbour.send("not me").receive()).as("the same IP address, another port").matches(MUTED);
            ann.send("other addresses talk");
            assertThat(mal.receive()).isEqualTo("ann : other addresses talk");
            assertThat(neighbour.receive()).isEqualTo("ann : other addresses talk");
            for (UdpMember member : new UdpMember[] {mal, neighbour, ann}) {
                member.send("/quit");
            }
        }
    }
}
