package dev.netservices.chat.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.lettuce.core.ClientOptions;

import dev.netservices.chat.ChatProperties;
import dev.netservices.chat.observability.ChatMetrics;
import dev.netservices.chat.observability.ClusterHealth;
import dev.netservices.chat.room.ChatRoom;
import dev.netservices.chat.room.RoomTexts;
import dev.netservices.common.time.ServiceClock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.redis.dsl.Redis;

/**
 * One room across nodes ({@code chat.cluster.enabled=true}; Redis from {@code spring.data.redis.*}). The relay's
 * two flows, top to bottom:
 * <pre>
 *   out: ChatRoom's fan-out (this node's members first, at once) -> RedisRoom.relay -> RelayPublisher (one PUBLISH
 *        on "chat:room" on its way at a time, written asynchronously by the caller; what comes meanwhile waits in a
 *        bounded queue and leaves as one batch: the receive thread never waits for Redis, and lines leave in order)
 *   in:  subscribe to "chat:room" -> RelayReceiver on the subscription's own I/O thread (one connection, so arrival
 *        order is kept; no hand-over per line) -> this node's members; removal requests -> chat-relay-removals
 * </pre>
 * Off (the default), none of this exists and Redis is never contacted.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("chat.cluster.enabled")
class ClusterConfiguration {

    static final String TOPIC = "chat:room";

    @Bean
    ClusterNode clusterNode(ChatProperties properties) {
        String configured = properties.cluster().nodeName();
        if (configured != null && !configured.isBlank()) {
            return new ClusterNode(configured.strip());
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        return new ClusterNode(host + "-" + ProcessHandle.current().pid());
    }

    /** Fail at once while Redis is away instead of queueing commands: a join gets its FAIL, a line is not held up. */
    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).autoReconnect(true);
    }

    @Bean
    RelayPublisher relayPublisher(RedisConnectionFactory redis, ChatMetrics metrics) {
        return new RelayPublisher(redis, TOPIC, metrics);
    }

    @Bean
    RedisRoom redisRoom(StringRedisTemplate redis, RelayPublisher relayOut, ClusterNode node, ServiceClock clock,
            ChatMetrics metrics) {
        return new RedisRoom(redis, relayOut, node.name(), clock, metrics);
    }


    @Bean
    NodeWatch nodeWatch(StringRedisTemplate redis, RedisRoom others, ChatRoom room, RoomTexts texts, ChatMetrics metrics,
            ClusterNode node, ChatProperties properties) {
        return new NodeWatch(redis, others, room, texts, metrics, node.name(), properties.cluster().nodeTimeout());
    }

    @Bean("cluster")
    ClusterHealth clusterHealth(ClusterNode node, NodeWatch watch) {
        return new ClusterHealth(node.name(), watch::problem);
    }

    @Bean
    RelayReceiver relayReceiver(ChatRoom room, ClusterNode node, ServiceClock clock, ChatMetrics metrics) {
        return new RelayReceiver(room, node.name(), clock, metrics);
    }

    @Bean
    IntegrationFlow relayInFlow(RedisConnectionFactory redis, RelayReceiver receiver) {
        return IntegrationFlow.from(Redis.inboundChannelAdapter(redis).topics(TOPIC).taskExecutor(new SyncTaskExecutor()))
                .handle(String.class, receiver)
                .get();
    }

    /** This node's name among the others. */
    record ClusterNode(String name) {
    }
}
