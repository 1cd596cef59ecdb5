package dev.netservices.chat.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.lettuce.core.ClientOptions;

import dev.netservices.chat.ChatProperties;
import dev.netservices.chat.room.History;
import dev.netservices.chat.room.Membership;
import dev.netservices.chat.room.Moderation;
import dev.netservices.chat.room.RoomTexts;
import dev.netservices.chat.udp.ChatFlowConfiguration;
import dev.netservices.chat.udp.SideEntry;
import dev.netservices.common.time.ServiceClock;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.MessageChannel;

/**
 * One room across nodes ({@code chat.cluster.enabled=true}; Redis from {@code spring.data.redis.*}). The relay's
 * two paths, top to bottom, with their steps:
 * <pre>
 *   out: chatOut (the datagram flow's outgoing channel) -> RelayOut, before the datagram sender: every notice for
 *        the whole room -> RelayPublisher (one PUBLISH on "chat:room" on its way at a time, written asynchronously by
 *        the caller; what comes meanwhile waits in a bounded queue and leaves as one batch: the receive thread never
 *        waits for Redis, and lines leave in order), on the relay's own connection (RelayClient)
 *   in:  subscribe to "chat:room" (RelayIn) -> RelayReceiver on the subscription's own I/O thread (one connection, so
 *        arrival order is kept; no hand-over per line) -> chatOut -> this node's members; removal requests ->
 *        chat-relay-removals -> SideEntry -> chatOut
 * </pre>
 * History: {@link RedisHistory} (a Stream per room, within the bound one node keeps); bans and mutes: {@link RedisSanctions} (one hash, a copy
 * in memory on each node). Names across nodes: {@link RedisRoster}, asked off the receive threads on the {@link RedisLane}; liveness and
 * whether Redis is reachable: {@link NodeWatch}, {@link RedisReach}. Off (the default), none of this exists and
 * Redis is never contacted.
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
        String name = host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + ProcessHandle.current().pid();
        return new ClusterNode(name.length() > 64 ? name.substring(name.length() - 64) : name);
    }

    /** Refuses to start without a secret: unsealed, a node would take lines from anyone who reaches Redis. */
    @Bean
    RelaySeal relaySeal(ChatProperties properties) {
        ChatProperties.Cluster cluster = properties.cluster();
        return new RelaySeal(ClusterSecret.of(cluster.secret(), cluster.acceptedSecrets()), properties.maxDatagramBytes(),
                cluster.nodeTimeout().toMillis());
    }

    /** Fail at once while Redis is away instead of queueing commands: a join gets its FAIL, a line is not held up. */
    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).autoReconnect(true);
    }

    /** One Lettuce I/O thread per core, one on one core (see {@link LettuceIoThreads} for why, and why not Lettuce's count). */
    @Bean
    LettuceIoThreads lettuceIoThreads() {
        return LettuceIoThreads.onePerCore();
    }

    /** The relay's PUBLISH and history writes on a client of their own, without Lettuce's per-command observation (see there). */
    @Bean
    RelayClient relayClient(RedisConnectionFactory redis, LettuceIoThreads threads) {
        return RelayClient.beside(redis, threads);
    }

    @Bean
    RelayPublisher relayPublisher(RelayClient relayClient, ClusterNode node, ServiceClock clock, RelaySeal seal,
            ClusterListener listener, ChatProperties properties) {
        return new RelayPublisher(relayClient.link(), TOPIC, node.name(), clock, seal, listener,
                properties.history().lines());
    }

    /** The rooms' history in Redis Streams within every node's bound, written in the relay's batches. */
    @Bean
    History history(ChatProperties properties, StringRedisTemplate redis, RelayPublisher relay, RedisLane lane) {
        int lines = properties.history().lines();
        return lines == 0 ? History.NONE : new RedisHistory(redis, relay, lane, lines);
    }

    @Bean
    RedisSanctions sanctions(StringRedisTemplate redis, RelayPublisher relay, RedisLane lane, ServiceClock clock) {
        return new RedisSanctions(redis, relay, lane, clock);
    }

    @Bean
    RedisReach redisReach() {
        return new RedisReach();
    }

    @Bean
    RedisLane redisLane(RedisReach reach, ClusterListener listener) {
        return new RedisLane(reach, listener);
    }

    @Bean
    RedisRoster redisRoster(StringRedisTemplate redis, RelayPublisher relay, RedisLane lane, ClusterNode node) {
        return new RedisRoster(redis, relay, lane, node.name());
    }

    @Bean
    NodeWatch nodeWatch(StringRedisTemplate redis, RedisRoster roster, RedisReach reach, Membership membership,
            RoomTexts texts, SideEntry sideEntry, ClusterListener listener, ClusterNode node, ChatProperties properties,
            RedisSanctions sanctions) {
        return new NodeWatch(redis, roster, reach, membership, texts, sideEntry, listener, node.name(),
                properties.cluster().nodeTimeout(), sanctions);
    }

    @Bean
    RelayOut relayOut(RelayPublisher publisher) {
        return new RelayOut(publisher);
    }

    @Bean
    RelayReceiver relayReceiver(Membership membership, Moderation moderation, SideEntry sideEntry, ClusterNode node,
            ServiceClock clock, RelaySeal seal, ClusterListener listener, RedisSanctions sanctions) {
        return new RelayReceiver(membership, moderation, sideEntry, node.name(), clock, seal, listener, sanctions);
    }

    @Bean
    IntegrationFlow relayOutFlow(RelayOut relayOut) {
        return IntegrationFlow.from(ChatFlowConfiguration.OUT)
                .handle(relayOut)
                .get();
    }

    /**
     * The subscription to the room's channel; publications are handled on the thread that read them (no executor), so
     * they keep the channel's order (see {@link RelayIn}).
     */
    @Bean
    RedisMessageListenerContainer relayIn(RedisConnectionFactory redis, RelayReceiver receiver,
            @Qualifier(ChatFlowConfiguration.OUT) MessageChannel out) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(redis);
        container.setTaskExecutor(new SyncTaskExecutor());
        container.addMessageListener(new RelayIn(receiver, out), new ChannelTopic(TOPIC));
        return container;
    }

    /** This node's name among the others. */
    record ClusterNode(String name) {
    }
}
