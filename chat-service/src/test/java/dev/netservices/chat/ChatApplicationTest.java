package dev.netservices.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.cluster.NodeWatch;
import dev.netservices.chat.room.OtherNodes;
import dev.netservices.chat.udp.ChatServer;
import dev.netservices.common.server.ServiceApplicationContract;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** The application starts on ephemeral ports, answers its actuator endpoints, and keeps the admin's to the admin. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"chat.port=0", "chat.admin.password=test-secret"})
class ChatApplicationTest extends ServiceApplicationContract {

    @Autowired
    private ApplicationContext context;

    @Override
    protected String serviceName() {
        return "chat-service";
    }

    @Override
    protected String protocolServerName() {
        return "chat";
    }

    @Override
    protected List<String> serviceMetrics() {
        return List.of("chat_members", "chat_datagrams_received_total", "chat_datagrams_sent_total",
                "chat_fanout_duration_seconds", "chat_delivery_lag_seconds");
    }

    @Override
    protected String adminCredentials() {
        return "admin:test-secret";
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
        // ClusterOnlyAutoConfigurations: no Lettuce client made at start for a Redis this node never uses.
        assertThat(context.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
        HttpResponse<String> response = get("/actuator/health");
        assertThat(response.body()).doesNotContain("\"cluster\"").doesNotContain("\"redis\"");
    }

    @Test
    void deliveryLagIsAHistogramWithTheBucketsOfApplicationYmlOneObservationPerDatagram() throws Exception {
        long before = deliveryCount();
        try (UdpMember member = new UdpMember(context.getBean(ChatServer.class).port())) {
            for (int i = 0; i < 3; i++) {
                assertThat(member.send("/ping").receive()).isEqualTo("PONG");
            }
        }
        // The observation follows the send on the receive thread: it may land a moment after the PONG.
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveryCount() == before + 3);
        String scrape = getAsAdmin("/actuator/prometheus").body();
        for (String le : new String[] {"0.001", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "1.0", "+Inf"}) {
            assertThat(scrape).contains("chat_delivery_lag_seconds_bucket{application=\"chat-service\",le=\"" + le + "\"}");
        }
        assertThat(scrape).contains("chat_delivery_lag_seconds_bucket{application=\"chat-service\",le=\"+Inf\"} " + (before + 3));
    }

    private long deliveryCount() throws Exception {
        Matcher count = Pattern.compile("chat_delivery_lag_seconds_count\\{application=\"chat-service\"} (\\d+)")
                .matcher(getAsAdmin("/actuator/prometheus").body());
        return count.find() ? Long.parseLong(count.group(1)) : 0;
    }

    @Test
    void integrationGraphIsShownToTheAdminOnly() throws Exception {
        assertThat(get("/actuator/integrationgraph").statusCode()).isEqualTo(401);
        HttpResponse<String> response = getAsAdmin("/actuator/integrationgraph");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("chatIn").contains("chatDatagrams").contains("chatOut");
    }
}
