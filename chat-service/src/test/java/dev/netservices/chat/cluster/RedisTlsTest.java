package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

import dev.netservices.chat.UdpMember;

/**
 * A node reaches Redis over TLS with Spring Boot's own settings ({@code spring.data.redis.ssl.*} and a PEM SSL bundle
 * trusting the development CA of {@code scripts/dev-ca.sh}), against a real redis-server listening with TLS only on
 * the port the node is given.
 */
class RedisTlsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aNodeRunsTheRoomOverTlsToRedis(@TempDir Path certificates) throws Exception {
        Path script = Path.of("..", "scripts", "dev-ca.sh").toAbsolutePath().normalize();
        Process ca = new ProcessBuilder(script.toString(), certificates.toString()).redirectErrorStream(true).start();
        String out = new String(ca.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ca.waitFor(60, TimeUnit.SECONDS) && ca.exitValue() == 0).as(out).isTrue();
        int tlsPort = RedisServer.freePort();
        try (RedisServer redis = RedisServer.start("--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", certificates.resolve("server.pem").toString(),
                "--tls-key-file", certificates.resolve("server.key").toString(),
                "--tls-ca-cert-file", certificates.resolve("ca.pem").toString(), "--tls-auth-clients", "no");
                ChatNode node = ChatNode.inProcess("tls-a", tlsPort, Duration.ofSeconds(3),
                        "--spring.data.redis.ssl.enabled=true", "--spring.data.redis.ssl.bundle=redis",
                        "--spring.ssl.bundle.pem.redis.truststore.certificate=" + certificates.resolve("ca.pem"));
                UdpMember alice = node.member(); UdpMember bob = node.member()) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> JSON
                    .readTree(node.get("/actuator/health", false).body()).path("components").path("cluster").path("status")
                    .asString().equals("UP"));
            assertThat(alice.join("alice")).as("the name claimed in Redis over TLS").isEqualTo("OK");
            assertThat(bob.join("bob")).isEqualTo("OK");
            assertThat(alice.receive()).isEqualTo("bob entered the room");
            assertThat(alice.send("/who").receive()).isEqualTo("members (2): alice, bob");
            assertThat(node.get("/actuator/prometheus", true).body()).contains("chat_cluster_members{application=\"chat-service\"} 2")
                    .doesNotContain("chat_redis_errors_total")
                    .as("the join notices published over TLS on the relay's own connection")
                    .containsPattern("chat_relay_messages_total\\{[^}]*direction=\"out\"[^}]*\\} [1-9]");
        }
    }
}
