package dev.netservices.chat.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.netservices.chat.UdpMember;
import dev.netservices.common.time.ManualClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Replies to addresses that are not members are bounded per source IP (anti-reflection), over real UDP.
 * Every test socket is on 127.0.0.1, so the members share the flooding stranger's IP: only the port tells them apart.
 */
@SpringBootTest(properties = {"chat.port=0", "chat.admin.password=test-secret",
        "chat.flood.stranger-burst=4", "chat.flood.stranger-refill=500ms"})
class StrangerFloodTest {

    private static final int FLOOD = 40;

    @Autowired
    private ChatServer server;

    @Autowired
    private MeterRegistry registry;

    @Autowired
    private ManualClock clock;

    /** The room's time moves only when the test says so: no refill happens while the flood is counted. */
    @TestConfiguration
    static class RoomTime {
        @Bean
        ManualClock manualClock() {
            return new ManualClock();
        }
    }

    @Test
    void aFloodingStrangerGetsAtMostItsBurstOfRepliesWhileMembersAndALaterJoinAreServed() {
        try (UdpMember alice = new UdpMember(server.port()); UdpMember bob = new UdpMember(server.port());
                UdpMember stranger = new UdpMember(server.port())) {
            assertThat(alice.join("alice")).isEqualTo("OK");
            assertThat(bob.join("bob")).isEqualTo("OK");
            assertThat(alice.receive()).isEqualTo("bob entered the room");

            for (int i = 0; i < FLOOD; i++) {
                stranger.send("/help");
            }
            // Every flood datagram handled before the marker: the two tokens the joins left, then refusals only.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    registry.get("chat.errors").tag("kind", "stranger-flood").counter().count()).isEqualTo(FLOOD - 2.0));
            // The marker: a token refilled after the flood, spent on a /ping; what came before its PONG is all
            // the flood got. The clock stands still otherwise, so nothing else refilled.
            clock.advance(Duration.ofMillis(500));
            List<String> beforePong = new ArrayList<>();
            for (String reply = stranger.send("/ping").receive(); !reply.equals("PONG"); reply = stranger.receive()) {
                beforePong.add(reply);
            }
            assertThat(beforePong).as("the burst of 4 less the two joins'").hasSize(2)
                    .containsOnly("join first with L <name> or /join <name>; once in, /help lists every command");

            // Members at the same IP are not strangers: their own bucket, untouched by the flood.
            assertThat(alice.send("/ping").receive()).isEqualTo("PONG");
            bob.send("still here");
            assertThat(alice.receive()).isEqualTo("bob : still here");

            // The stranger's budget refills a reply every 500 ms: a normal join a moment later works.
            clock.advance(Duration.ofMillis(1500));
            assertThat(stranger.join("late")).isEqualTo("OK");
            assertThat(alice.receive()).isEqualTo("late entered the room");
            for (UdpMember m : new UdpMember[] {alice, bob, stranger}) {
                m.send("/quit");
            }
        }
    }
}
