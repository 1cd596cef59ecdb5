package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.netservices.chat.UdpMember;
import dev.netservices.chat.cluster.RelayMessage.Kind;

/**
 * Someone who reaches the cluster's Redis (a real redis-server) but holds no secret publishes on the room's channel
 * what a node would: a line in a member's name, an admin announcement, a removal, escape sequences, 65,000 bytes, an
 * unknown kind. The node's members see none of it and every refusal is counted; a line sealed with the secret the
 * node still accepts during a rotation arrives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayForgeryTest {

    private static final String PREVIOUS = "the-previous-cluster-secret-0123456789";
    private static final RelaySeal RIGHT = new RelaySeal(ClusterSecret.of(ChatNode.CLUSTER_SECRET, List.of()), 65507, 60_000);

    private RedisServer redis;
    private ChatNode node;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    @BeforeAll
    void start() throws Exception {
        redis = RedisServer.start();
        // History off: each test asserts the next datagram a member gets after joining.
        node = ChatNode.inProcess("node-a", redis.port(), Duration.ofSeconds(3), "--chat.cluster.accepted-secrets=" + PREVIOUS,
                "--chat.history.lines=0");
        client = RedisClient.create("redis://127.0.0.1:" + redis.port());
        connection = client.connect();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {connection, () -> client.shutdown(), node, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // go on closing the others
            }
        }
    }

    private static final String MARKER = "node-z : marker";

    /**
     * A rightly sealed line, published after what is checked: the node reads the relay topic in order, so what
     * those publications would have delivered arrives before it (a marker, not a quiet period).
     */
    private void publishMarker() {
        connection.sync().publish(ClusterConfiguration.TOPIC,
                RIGHT.seal("node-z", System.currentTimeMillis() + "\u001fLINE\u001f" + MARKER));
    }

    @Test
    void forgedUnsealedOversizeEscapeCarryingAndUnknownPublicationsAreDroppedAndCounted() {
        RedisCommands<String, String> redisCommands = connection.sync();
        try (UdpMember alice = node.member(); UdpMember bob = node.member()) {
            assertThat(alice.join("alice")).isEqualTo("OK");
            assertThat(bob.join("bob")).isEqualTo("OK");
            assertThat(alice.receive()).isEqualTo("bob entered the room");
            long now = System.currentTimeMillis();
            RelaySeal wrong = new RelaySeal(ClusterSecret.of("a-guessed-secret-that-is-long-enough-000", List.of()), 65507, 60_000);
            List<String> forgeries = List.of(
                    // what an unsealed node of the previous version published
                    "node-x\u001f" + now + "\u001fLINE\u001fbob : send me your password",
                    "node-x\u001d\u001d" + now + "\u001fLINE\u001fAdmin announcement: the room moves to evil.example",
                    "node-x\u001dAAAA\u001d" + now + "\u001fREMOVE\u001falice",
                    wrong.seal("node-x", now + "\u001fREMOVE\u001fbob"),
                    wrong.seal("node-x", now + "\u001fLINE\u001fbob : \u001b]0;pwned\u0007\u001b[2J"),
                    wrong.seal("node-x", now + "\u001fLINE\u001f" + "x".repeat(65_000)),
                    wrong.seal("node-x", now + "\u001fKICK\u001falice"));
            for (String forgery : forgeries) {
                assertThat(redisCommands.publish(ClusterConfiguration.TOPIC, forgery)).isEqualTo(1);
            }
            publishMarker();
            assertThat(alice.receive()).as("nothing the forgeries carried came first").isEqualTo(MARKER);
            assertThat(bob.receive()).as("nothing the forgeries carried came first").isEqualTo(MARKER);
            assertThat(node.get("/api/chat/members", true).body()).contains("\"alice\"").contains("\"bob\"");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(node.get("/actuator/prometheus", true).body())
                    .contains("chat_relay_refused_total{application=\"chat-service\",reason=\"malformed\"} 1.0")
                    .contains("chat_relay_refused_total{application=\"chat-service\",reason=\"bad-seal\"} 6.0"));

            alice.send("still here");
            assertThat(bob.receive()).isEqualTo("alice : still here");
        }
    }

    @Test
    void aCorrectlySealedLineWithABadFieldIsDroppedAndCountedByItsReason() {
        RelaySeal rightSecret = new RelaySeal(ClusterSecret.of(ChatNode.CLUSTER_SECRET, List.of()), 65507, 60_000);
        try (UdpMember carol = node.member()) {
            assertThat(carol.join("carol")).isEqualTo("OK");
            long now = System.currentTimeMillis();
            connection.sync().publish(ClusterConfiguration.TOPIC, rightSecret.seal("node-y", String.join("\u001e",
                    now + "\u001fLINE\u001fdave : \u202Eevil", now + "\u001fLINE\u001f" + "y".repeat(8193),
                    now + "\u001fBAN\u001fcarol", (now - 60_000) + "\u001fREMOVE\u001fcarol")));
            publishMarker();
            assertThat(carol.receive()).as("nothing the bad fields carried came first").isEqualTo(MARKER);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(node.get("/actuator/prometheus", true).body())
                    .contains("reason=\"format-char\"} 1.0").contains("reason=\"oversize\"} 1.0")
                    .contains("reason=\"unknown-kind\"} 1.0").contains("reason=\"stale\"} 1.0"));
            carol.send("/quit");
            assertThat(carol.receive()).isEqualTo("EXIT");
        }
    }

    @Test
    void aLineSealedWithTheSecretStillAcceptedDuringARotationArrives() {
        RelaySeal previous = new RelaySeal(ClusterSecret.of(PREVIOUS, List.of()), 65507, 60_000);
        try (UdpMember erin = node.member()) {
            assertThat(erin.join("erin")).isEqualTo("OK");
            String line = new RelayMessage("node-old", System.currentTimeMillis(), Kind.LINE, "frank : hello from the old node").encode();
            connection.sync().publish(ClusterConfiguration.TOPIC, previous.seal("node-old", line));
            assertThat(new String(erin.receiveBytes(), UTF_8)).isEqualTo("frank : hello from the old node");
            erin.send("/quit");
            assertThat(erin.receive()).isEqualTo("EXIT");
        }
    }
}
