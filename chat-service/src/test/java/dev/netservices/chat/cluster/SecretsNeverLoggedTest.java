package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.netservices.chat.UdpMember;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Neither the admin password nor the cluster's secret ever reaches a log line, over a run that uses both: two
 * nodes relaying lines (every publication sealed with the secret), the admin logging in right and wrong. The
 * nodes log at DEBUG (ours and Spring Security's), where a careless line would most likely be. A wrong password
 * is a secret too (often a near miss of the right one), and so is the Basic credentials' base64.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedTest {

    private static final String WRONG_PASSWORD = "test-secreT-typed-wrong";

    @Test
    void theAdminPasswordAWrongGuessAndTheClusterSecretAppearInNoLogLineOfARunThatUsesThem(CapturedOutput output)
            throws Exception {
        String[] debug = {"--logging.level.dev.netservices=DEBUG", "--logging.level.org.springframework.security=DEBUG"};
        try (RedisServer redis = RedisServer.start();
                ChatNode a = ChatNode.inProcess("node-la", redis.port(), Duration.ofSeconds(3), debug);
                ChatNode b = ChatNode.inProcess("node-lb", redis.port(), Duration.ofSeconds(3), debug);
                UdpMember alice = a.member(); UdpMember bob = b.member()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> a.clusterUp() && b.clusterUp());
            assertThat(bob.join("bob")).isEqualTo("OK");
            assertThat(alice.join("alice")).isEqualTo("OK");
            assertThat(bob.receive()).isEqualTo("alice entered the room");
            alice.send("a relayed line");
            assertThat(bob.receive()).isEqualTo("alice : a relayed line");

            assertThat(a.get("/api/chat/members", true).statusCode()).as("the right password").isEqualTo(200);
            assertThat(members(a, WRONG_PASSWORD).statusCode()).as("a wrong one").isEqualTo(401);
            assertThat(b.broadcast("from the admin").statusCode()).isEqualTo(200);
            assertThat(alice.receive()).isEqualTo("Admin announcement: from the admin");
        }
        String logged = output.getAll();
        assertThat(logged).as("the capture holds the run's log lines")
                .contains("wrong admin credentials from 127.0.0.1").contains("cluster: Redis reachable");
        for (String secret : new String[] {ChatNode.PASSWORD, WRONG_PASSWORD, ChatNode.CLUSTER_SECRET,
                basic(ChatNode.PASSWORD), basic(WRONG_PASSWORD)}) {
            assertThat(logged).as("a secret in the log").doesNotContain(secret);
        }
    }

    private static String basic(String password) {
        return Base64.getEncoder().encodeToString(("admin:" + password).getBytes(UTF_8));
    }

    private static HttpResponse<String> members(ChatNode node, String password) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/api/chat/members"))
                    .header("Authorization", "Basic " + basic(password)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
