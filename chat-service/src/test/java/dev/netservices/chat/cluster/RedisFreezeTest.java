package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
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
        // History off: a newcomer's next datagram is asserted (ClusterRoomsTest covers history).
        node = ChatNode.inProcess("node-f", redis.port(), Duration.ofSeconds(3), "--chat.receivers=1", "--chat.history.lines=0");
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
            // Bob's rename is the first claim since Redis froze: it waits out the Redis timeout (2 s) on the node's
            // Redis thread. Had it held the receive thread, as joins once did, alice's lines sent after it would
            // reach bob only after his answer; they come first. An order seen by one socket, not a time limit.
            bob.send("/join bobby");
            AtomicInteger joins = new AtomicInteger();
            stranger.scheduleAtFixedRate(() -> joiner.send("L stranger" + joins.getAndIncrement()), 0, 200, TimeUnit.MILLISECONDS);
            // Alice's lines are paced over more than the first claim's whole timeout, each while joins arrive.
            AtomicInteger lines = new AtomicInteger();
            talker.scheduleAtFixedRate(() -> {
                int line = lines.getAndIncrement();
                if (line < 100) {
                    alice.send("line " + line);
                }
            }, 0, 30, TimeUnit.MILLISECONDS);
            assertThat(bob.receive()).as("a line sent after the rename, before the rename's answer").isEqualTo("alice : line 0");
            int renameAnswers = 0;
            for (int i = 1; i < 100; i++) {
                String datagram = bob.receive();
                if (datagram.equals(UNAVAILABLE)) {
                    renameAnswers++;
                    datagram = bob.receive();
                }
                assertThat(datagram).as("line %d, in order, while Redis hangs", i).isEqualTo("alice : line " + i);
            }
            if (renameAnswers == 0) {
                assertThat(bob.receive()).as("the rename's answer").isEqualTo(UNAVAILABLE);
            }
            assertThat(renameAnswers).as("one answer to one rename").isLessThanOrEqualTo(1);
            assertThat(alice.send("/who").receive()).as("/who answers with this node's members while Redis is away")
                    .isEqualTo("members (2): alice, bob");
            await().atMost(Duration.ofSeconds(10)).until(() -> clusterStatus().equals("DOWN"));
            stranger.shutdownNow();
            stranger.awaitTermination(5, TimeUnit.SECONDS);

            // Every join is refused, none answered twice; the PONG of a /ping sent after the last join ends them.
            List<String> replies = new ArrayList<>();
            joiner.send("/ping");
            for (String reply = joiner.receive(); !reply.equals("PONG"); reply = joiner.receive()) {
                replies.add(reply);
            }
            assertThat(replies).as("joins refused").isNotEmpty().allMatch(UNAVAILABLE::equals);
            try (UdpMember late = node.member()) {
                // Refused without asking Redis: the refusal is in the same step as the join, so it comes before the
                // PONG of a /ping sent right after; a join that waited for Redis would be answered after it.
                late.send("L late").send("/ping");
                assertThat(late.receive()).isEqualTo(UNAVAILABLE);
                assertThat(late.receive()).isEqualTo("PONG");
            }
            bob.receivesNothingBeforePong();

            redis.thaw();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> clusterStatus().equals("UP"));
            // Bob's rename reached Redis and ran once it woke, after the node had refused it; the node's next
            // heartbeat frees that name again.
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !connection.sync().hexists(RedisRoster.MEMBERS, "bobby"));
            } finally {
                client.shutdown();
            }
            assertThat(bob.send("/join bobby").receive()).isEqualTo("OK");
            assertThat(alice.receive()).isEqualTo("bob is now called bobby");
            assertThat(joiner.join("stranger0")).isEqualTo("OK");
            assertThat(bob.receive()).isEqualTo("stranger0 entered the room");
            assertThat(alice.receive()).isEqualTo("stranger0 entered the room");
            alice.send("after");
            assertThat(bob.receive()).isEqualTo("alice : after");
            assertThat(joiner.receive()).isEqualTo("alice : after");
            assertThat(bob.send("/who").receive()).isEqualTo("members (3): alice, bobby, stranger0");
        }
    }
}
