package dev.netservices.chat.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.netservices.chat.UdpMember;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Replies to addresses that are not members are bounded per source IP (anti-reflection), over real UDP.
 * Every test socket is on 127.0.0.1, so the members share the flooding stranger's IP: only the port tells them apart.
 */
@SpringBootTest(properties = {"chat.port=0", "chat.admin.password=test-secret",
        "chat.flood.stranger-burst=4", "chat.flood.stranger-per-second=2"})
class StrangerFloodTest {

    private static final int FLOOD = 40;

    @Autowired
    private ChatServer server;

    @Autowired
    private MeterRegistry registry;

    @Test
    void aFloodingStrangerGetsAtMostItsBurstOfRepliesWhileMembersAndALaterJoinAreServed() throws InterruptedException {
        try (UdpMember alice = new UdpMember(server.port()); UdpMember bob = new UdpMember(server.port());
                UdpMember stranger = new UdpMember(server.port())) {
            assertThat(alice.join("alice")).isEqualTo("OK");
            assertThat(bob.join("bob")).isEqualTo("OK");
            assertThat(alice.receive()).isEqualTo("bob entered the room");

            long start = System.nanoTime();
            for (int i = 0; i < FLOOD; i++) {
                stranger.send("/help");
            }
            int replies = stranger.countReceivedUntilQuietFor(Duration.ofMillis(500));
            double seconds = (System.nanoTime() - start) / 1e9;
            // At most the burst of 4 (two joins took two of them), plus what refills at 2/s while a slow,
            // loaded machine works through the flood: far fewer than the 40 sent.
            assertThat(replies).isBetween(1, 4 + (int) (2 * seconds));
            assertThat(replies).isLessThan(FLOOD / 4);
            assertThat(registry.get("chat.errors").tag("kind", "stranger-flood").counter().count())
                    .isGreaterThanOrEqualTo(FLOOD - 4);

            // Members at the same IP are not strangers: their own bucket, untouched by the flood.
            assertThat(alice.send("/ping").receive()).isEqualTo("PONG");
            bob.send("still here");
            assertThat(alice.receive()).isEqualTo("bob : still here");

            // The stranger's budget refills at 2/s: a normal join a moment later works.
            Thread.sleep(1500); // the refill time is what is tested, not a wait for a result
            assertThat(stranger.join("late")).isEqualTo("OK");
            assertThat(alice.receive()).isEqualTo("late entered the room");
            for (UdpMember m : new UdpMember[] {alice, bob, stranger}) {
                m.send("/quit");
            }
        }
    }
}
