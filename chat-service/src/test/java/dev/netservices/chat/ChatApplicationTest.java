package dev.netservices.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.cluster.NodeWatch;
import dev.netservices.chat.room.OtherNodes;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** The application starts on an ephemeral port and answers its actuator endpoints over real HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"chat.port=0", "chat.admin.password=test-secret"})
class ChatApplicationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private ApplicationContext context;

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getAsAdmin(String path) throws Exception {
        String basic = Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndItsProbesAreUp() throws Exception {
        for (String path : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void healthShowsTheUdpChatServerWithItsMembers() throws Exception {
        HttpResponse<String> response = get("/actuator/health/readiness");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"protocol\"").contains("\"chat\"").contains("\"transport\":\"udp\"")
                .containsPattern("\"members\":\\d+").doesNotContain("\"port\":-1");
    }

    @Test
    void withTheClusterOffThereIsNoClusterPartAndNoRedisHealth() throws Exception {
        assertThat(context.getBeansOfType(OtherNodes.class)).isEmpty();
        assertThat(context.getBeanNamesForType(NodeWatch.class)).isEmpty();
        HttpResponse<String> response = get("/actuator/health");
        assertThat(response.body()).doesNotContain("\"cluster\"").doesNotContain("\"redis\"");
    }

    @Test
    void infoNamesTheServiceAndItsBuildVersion() throws Exception {
        HttpResponse<String> response = get("/actuator/info");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"service\":\"chat-service\"").contains("\"version\":\"0.1.0-SNAPSHOT\"");
    }

    @Test
    void prometheusScrapeShowsJvmAndChatMetricsTaggedWithTheServiceToTheAdmin() throws Exception {
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(401);
        HttpResponse<String> response = getAsAdmin("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("application=\"chat-service\"")
                .contains("chat_members").contains("chat_datagrams_received_total").contains("chat_datagrams_sent_total")
                .contains("chat_fanout_duration_seconds");
    }

    @Test
    void integrationGraphIsShownToTheAdminOnly() throws Exception {
        assertThat(get("/actuator/integrationgraph").statusCode()).isEqualTo(401);
        HttpResponse<String> response = getAsAdmin("/actuator/integrationgraph");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("chatIn").contains("chatDatagrams").contains("chatOut");
    }
}
