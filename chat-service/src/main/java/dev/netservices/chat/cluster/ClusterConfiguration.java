package dev.netservices.chat.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;

import dev.netservices.chat.ChatProperties;
import dev.netservices.chat.observability.ChatMetrics;
import dev.netservices.chat.observability.ClusterHealth;
import dev.netservices.chat.room.ChatRoom;
import dev.netservices.chat.room.RoomTexts;
import dev.netservices.common.time.ServiceClock;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.integration.channel.ExecutorChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.redis.dsl.Redis;

/**
 * One room across nodes ({@code chat.cluster.enabled=true}; Redis from {@code spring.data.redis.*}). The relay's
 * two flows, top to bottom:
 * <pre>
 *   out: ChatRoom's fan-out -> RedisRoom.relay -> chatRelayOut (one thread, bounded queue: the receive thread
 *        never waits for Redis, and one sender's lines leave in order) -> publish on "chat:room"
 *   in:  subscribe to "chat:room" (one listener thread: arrival order kept) -> RelayReceiver -> this node's members
 * </pre>
 * Off (the default), none of this exists and Redis is never contacted.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("chat.cluster.enabled")
class ClusterConfiguration {

    static final String TOPIC = "chat:room";
    static final String RELAY_OUT = "chatRelayOut";
    /** Lines waiting for Redis; past it (Redis slow or gone) further ones are dropped and counted. */
    private static final int RELAY_QUEUE = 10_000;

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

    @Bean(RELAY_OUT)
    ExecutorChannel chatRelayOut(ChatMetrics metrics) {
        ThreadPoolExecutor publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(RELAY_QUEUE), Thread.ofPlatform().name("chat-relay-out").daemon(true).factory(),
                (dropped, executor) -> metrics.redisError("relay-queue-full"));
        return new ExecutorChannel(publisher);
    }

    @Bean
    RedisRoom redisRoom(StringRedisTemplate redis, @Qualifier(RELAY_OUT) ExecutorChannel relayOut, ClusterNode node,
            ServiceClock clock, ChatMetrics metrics) {
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
    IntegrationFlow relayOutFlow(RedisConnectionFactory redis, ChatMetrics metrics) {
        return IntegrationFlow.from(RELAY_OUT)
                .handle(Redis.outboundChannelAdapter(redis).topic(TOPIC),
                        endpoint -> endpoint.advice(new CountedRedisFailure(metrics, "publish")))
                .get();
    }

    @Bean
    IntegrationFlow relayInFlow(RedisConnectionFactory redis, ChatRoom room, ClusterNode node, ServiceClock clock,
            ChatMetrics metrics) {
        return IntegrationFlow.from(Redis.inboundChannelAdapter(redis).topics(TOPIC)
                        .taskExecutor(Executors.newSingleThreadExecutor(Thread.ofPlatform().name("chat-relay-in").daemon(true).factory())))
                .handle(String.class, new RelayReceiver(room, node.name(), clock, metrics))
                .get();
    }

    /** This node's name among the others. */
    record ClusterNode(String name) {
    }
}
