package dev.netservices.chat.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import dev.netservices.common.time.ServiceClock;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A real redis-server with a node's relay link to it (the relay's own socket, or a Lettuce client), a subscriber to the
 * room's channel and a reader of its own, for the tests of the relay and the history; closing stops them all.
 */
final class RelayOnRedis implements AutoCloseable {

    /** The two links a test runs on. */
    static List<String> links() {
        return List.of("socket", "lettuce");
    }

    private RedisServer redis;
    private LettuceConnectionFactory factory;
    private RelayLink link;
    private String kind;
    /** Links of other nodes ({@link #otherNode}). */
    private final List<RelayLink> others = new CopyOnWriteArrayList<>();
    private RedisClient client;
    private StatefulRedisConnection<String, String> reader;
    private StatefulRedisPubSubConnection<String, String> subscription;
    /** Publications on the room's channel, as they arrived. */
    final BlockingQueue<String> published = new LinkedBlockingQueue<>();
    /** What the relay counted as failed or refused, by operation. */
    final Map<String, Integer> failures = new ConcurrentHashMap<>();

    private RelayOnRedis() {
    }

    /** {@code kind}: "socket" or "lettuce", see {@link #links()}. */
    static RelayOnRedis start(String kind) throws Exception {
        RelayOnRedis relay = new RelayOnRedis();
        relay.kind = kind;
        try {
            relay.redis = RedisServer.start();
            relay.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", relay.redis.port()));
            relay.factory.afterPropertiesSet();
            relay.factory.start();
            relay.link = kind.equals("socket") ? RelaySocket.open(RelayClient.plainSettings(relay.factory))
                    : new LettuceRelayLink(relay.factory);
            relay.client = RedisClient.create("redis://127.0.0.1:" + relay.redis.port());
            relay.reader = relay.client.connect();
            relay.subscription = relay.client.connectPubSub();
            relay.subscription.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    relay.published.add(message); // on Lettuce's I/O thread: no Redis call here
                }
            });
            relay.subscription.sync().subscribe(ClusterConfiguration.TOPIC);
            return relay;
        } catch (Exception | Error e) {
            relay.close();
            throw e;
        }
    }

    /** A publisher named {@code node} on the link, its history {@code lines} a room within {@code rooms} and {@code chars}. */
    RelayPublisher publisher(String node, int lines, int rooms, long chars) {
        return publisher(link, node, lines, rooms, chars);
    }

    /** As {@link #publisher}, for another node: on a link of the same kind of its own, another connection to Redis. */
    RelayPublisher otherNode(String node, int lines, int rooms, long chars) throws Exception {
        RelayLink other = kind.equals("socket") ? RelaySocket.open(RelayClient.plainSettings(factory)) : new LettuceRelayLink(factory);
        others.add(other);
        return publisher(other, node, lines, rooms, chars);
    }

    private RelayPublisher publisher(RelayLink on, String node, int lines, int rooms, long chars) {
        RelaySeal seal = new RelaySeal(ClusterSecret.of(ChatNode.CLUSTER_SECRET, List.of()), 65507, 60_000);
        return new RelayPublisher(on, ClusterConfiguration.TOPIC, node, ServiceClock.SYSTEM, seal,
                new CountedRelayFailures(failures), lines, rooms, chars);
    }

    /** The node's client to Redis. */
    LettuceConnectionFactory factory() {
        return factory;
    }

    /** Redis as a node would read it, on a connection of its own. */
    StatefulRedisConnection<String, String> reader() {
        return reader;
    }

    @Override
    public void close() {
        RedisClient started = client;
        others.forEach(RelayLink::close);
        for (AutoCloseable closeable : new AutoCloseable[] {link, subscription, reader,
            () -> {
                if (started != null) {
                    started.shutdown();
                }
            }, factory == null ? null : factory::destroy, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // go on closing the others
            }
        }
    }
}
