package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import dev.netservices.chat.UdpMember;

/**
 * A Redis that hangs (a real redis-server stopped with SIGSTOP: connections open, nothing answered) while a stranger
 * keeps joining: the members of a node keep talking without losing a line, joins are refused with a FAIL instead of
 * holding anyone up, and the room is whole again once Redis answers.
 */
class RedisFreezeTest {

    private static final String UNAVAILABLE = "FAIL the room is temporarily unavailable (its shared state cannot be reached); try again shortly";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RedisServer redis;
    private ChatNode node;
    private final ScheduledExecutorService stranger = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService talker = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        // One receive thread: the stranger's joins and alice's lines arrive on the same thread, as they did for the
        // members who lost 73 lines in 100 when each join waited for the hung Redis on it.
        node = ChatNode.inProcess("node-f", redis.port(), Duration.ofSeconds(3), "--chat.receivers=1");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> clusterStatus().equals("UP"));
    }

    @AfterEach
    void stop() {
        stranger.shutdownNow();
        talker.shutdownNow();
        for (AutoCloseable closeable : new AutoCloseable[] {node, redis}) {
            try {
                closeable.close();
            } catch (Exception e) {
                // go on closing the others
            }
        }
    }

    private String clusterStatus() {
        return JSON.readTree(node.get("/actuator/health", false).body()).path("components").path("cluster").path("status").asString();
    }

    @Test
    void whileRedisHangsLocalMembersLoseNoLineAndJoinsFailAtOnceThenTheClusterRecovers() throws Exception {
        try (UdpMember alice = node.member(); UdpMember bob = node.member(); UdpMember joiner = node.member()) {
            assertThat(alice.join("alice")).isEqualTo("OK");
            assertThat(bob.join("bob")).isEqualTo("OK");
            assertThat(alice.receive()).isEqualTo("bob entered the room");

            redis.freeze();
            AtomicInteger joins = new AtomicInteger();
            stranger.scheduleAtFixedRate(() -> joiner.send("L stranger" + joins.getAndIncrement()), 0, 200, TimeUnit.MILLISECONDS);
            // Alice's lines are paced over more than the first claim's whole timeout (2 s), each while joins arrive.
            AtomicInteger lines = new AtomicInteger();
            talker.scheduleAtFixedRate(() -> {
                int line = lines.getAndIncrement();
                if (line < 100) {
                    alice.send("line " + line);
                }
            }, 0, 30, TimeUnit.MILLISECONDS);
            long firstSent = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                assertThat(bob.receive()).as("line %d, in order, while Redis hangs", i).isEqualTo("alice : line " + i);
            }
            // Sent over 3 s; had each join held the receive thread for the Redis timeout (2 s), as it did, the last
            // line would come about 30 s after the first. A generous bound, not a latency measurement.
            assertThat(Duration.ofNanos(System.nanoTime() - firstSent)).as("the lines did not wait behind the joins")
                    .isLessThan(Duration.ofSeconds(12));
            assertThat(alice.send("/who").receive()).as("/who answers with this node's members while Redis is away")
                    .isEqualTo("members (2): alice, bob");
            await().atMost(Duration.ofSeconds(10)).until(() -> clusterStatus().equals("DOWN"));
            stranger.shutdownNow();
            stranger.awaitTermination(5, TimeUnit.SECONDS);

            List<String> replies = joiner.receiveUntilQuietFor(Duration.ofMillis(500));
            // The first join waits out the Redis timeout (2 s) on the node's Redis thread, and the stranger's joins
            // meanwhile are not answered twice; every join after it is refused without asking Redis.
            assertThat(replies).as("joins refused").isNotEmpty().allMatch(UNAVAILABLE::equals);
            try (UdpMember late = node.member()) {
                long sent = System.nanoTime();
                assertThat(late.join("late")).isEqualTo(UNAVAILABLE);
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("refused without waiting for Redis (timeout 2 s)")
                        .isLessThan(Duration.ofMillis(1500));
            }
            bob.receivesNothingBeforePong();

            redis.thaw();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> clusterStatus().equals("UP"));
            // The first join's claim reached Redis and ran once it woke, after the node had refused it; the node's next
            // heartbeat frees that name again.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                joiner.send("L stranger0");
                return joiner.countReceivedUntilQuietFor(Duration.ofMillis(300)) > 0 && node.get("/api/chat/members", true).body()
                        .contains("\"stranger0\"");
            });
            assertThat(bob.receive()).isEqualTo("stranger0 entered the room");
            alice.send("after");
            assertThat(bob.receive()).isEqualTo("alice : after");
            assertThat(joiner.receive()).isEqualTo("alice : after");
            assertThat(bob.send("/who").receive()).isEqualTo("members (3): alice, bob, stranger0");
        }
    }
}
