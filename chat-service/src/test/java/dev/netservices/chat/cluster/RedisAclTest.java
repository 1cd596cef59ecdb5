package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import dev.netservices.chat.UdpMember;

/**
 * The ACL docker-compose.yml gives the cluster's Redis, read from the compose file itself and loaded into a real
 * redis-server: two nodes logging in as its user do everything a room does (joins, lines across nodes, /who, leaves,
 * heartbeats), while a client without the password, or the nodes' user outside the cluster's keys, is refused.
 */
class RedisAclTest {

    private static final String PASSWORD = "acl-test-password-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The ACL line of the compose file's redis command, with the password filled in. */
    private static String composeAcl() throws Exception {
        Path compose = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(compose.resolve("docker-compose.yml"))) {
            compose = compose.getParent();
        }
        Matcher printf = Pattern.compile("printf '(user default off[^']*)'").matcher(Files.readString(compose.resolve("docker-compose.yml")));
        assertThat(printf.find()).as("the ACL line of docker-compose.yml's redis").isTrue();
        return printf.group(1).replace("\\n", "\n").replace("%s", PASSWORD);
    }

    @Test
    void theComposeAclLetsTheNodesRunTheRoomAndNobodyElseIn() throws Exception {
        Path acl = Files.createTempFile("chat-test", ".acl");
        Files.writeString(acl, composeAcl());
        String[] credentials = {"--spring.data.redis.username=chat", "--spring.data.redis.password=" + PASSWORD};
        try (RedisServer redis = RedisServer.start("--aclfile", acl.toString());
                ChatNode a = ChatNode.inProcess("acl-a", redis.port(), Duration.ofSeconds(3), credentials);
                ChatNode b = ChatNode.inProcess("acl-b", redis.port(), Duration.ofSeconds(3), credentials)) {
            for (ChatNode node : new ChatNode[] {a, b}) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> JSON
                        .readTree(node.get("/actuator/health", false).body()).path("components").path("cluster").path("status")
                        .asString().equals("UP"));
            }
            try (UdpMember alice = a.member(); UdpMember bob = b.member()) {
                assertThat(alice.join("alice")).isEqualTo("OK");
                assertThat(bob.join("bob")).isEqualTo("OK");
                assertThat(alice.receive()).isEqualTo("bob entered the room");
                alice.send("hello across");
                assertThat(bob.receive()).isEqualTo("alice : hello across");
                assertThat(bob.send("/who").receive()).isEqualTo("members (2): bob, alice");
                assertThat(b.remove("alice").statusCode()).isEqualTo(204);
                assertThat(alice.receive()).isEqualTo("you were removed from the room by the admin");
                // The room is told too; wait for that notice so that it cannot come between /quit and its EXIT.
                assertThat(bob.receive()).isEqualTo("alice was removed by the admin");
                bob.send("/quit");
                assertThat(bob.receive()).isEqualTo("EXIT");
            }
            String metrics = a.get("/actuator/prometheus", true).body();
            assertThat(metrics).doesNotContain("chat_redis_errors_total")
                    .as("Lettuce's per-command timer: the node's own commands, not the relay's PUBLISH and XADD")
                    .contains("lettuce_seconds_count{").doesNotContain("db_operation=\"PUBLISH\"", "db_operation=\"XADD\"")
                    .containsPattern("chat_relay_messages_total\\{[^}]*direction=\"out\"[^}]*\\} [1-9]");

            // A raw RESP exchange, not Lettuce: its handshake's fallback after HELLO is refused surfaces as one of
            // several exceptions depending on which reply wins the race, while the server's answer is always NOAUTH.
            try (Socket anonymous = new Socket("127.0.0.1", redis.port())) {
                anonymous.setSoTimeout(5_000);
                anonymous.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                String reply = new BufferedReader(new InputStreamReader(anonymous.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertThat(reply).as("no anonymous access: the default user is off").startsWith("-NOAUTH");
            }
            RedisClient node = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(redis.port())
                    .withAuthentication("chat", PASSWORD).build());
            try (StatefulRedisConnection<String, String> connection = node.connect()) {
                assertThatThrownBy(() -> connection.sync().set("other:key", "x")).hasMessageContaining("NOPERM");
                assertThatThrownBy(() -> connection.sync().publish("other-channel", "x")).hasMessageContaining("NOPERM");
                assertThatThrownBy(() -> connection.sync().flushall()).hasMessageContaining("NOPERM");
                assertThatThrownBy(() -> connection.sync().configGet("requirepass")).hasMessageContaining("NOPERM");
            } finally {
                node.shutdown();
            }
        } finally {
            Files.deleteIfExists(acl);
        }
    }
}
