package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.Limit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.netservices.common.time.ServiceClock;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A line kept for its room's history leaves with the relay message of the line itself, not on its own: against a
 * real redis-server, the publisher on the node's shared connection, a subscriber on another. Writing the XADD at
 * once used to make every line of a cluster two round trips to Redis in a row (the PUBLISH waited behind the XADD).
 */
class RelayPublisherTest {

    private static final String STREAM = "chat:history:lobby";

    private RedisServer redis;
    private LettuceConnectionFactory factory;
    private RedisClient client;
    private StatefulRedisPubSubConnection<String, String> subscription;
    /** The history as a node would read it, on a connection of its own. */
    private StatefulRedisConnection<String, String> reader;
    private final BlockingQueue<String> published = new LinkedBlockingQueue<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private RelayPublisher publisher;

    /** Each test runs on both links, the relay's own socket and a Lettuce client. */
    static List<String> links() {
        return List.of("socket", "lettuce");
    }

    private RelayLink link;

    private void start(String kind) throws Exception {
        redis = RedisServer.start();
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
        factory.afterPropertiesSet();
        factory.start();
        client = RedisClient.create("redis://127.0.0.1:" + redis.port());
        reader = client.connect();
        subscription = client.connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                published.add(message); // on Lettuce's I/O thread: no Redis call here
            }
        });
        subscription.sync().subscribe(ClusterConfiguration.TOPIC);
        RelaySeal seal = new RelaySeal(ClusterSecret.of(ChatNode.CLUSTER_SECRET, List.of()), 65507, 60_000);
        link = kind.equals("socket")
                ? RelaySocket.open(RelayClient.plainSettings(factory))
                : new LettuceRelayLink(factory);
        publisher = new RelayPublisher(link, ClusterConfiguration.TOPIC, "node-p", ServiceClock.SYSTEM, seal, new CountedRelayFailures(failures),
                20);
    }

    @AfterEach
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {link, subscription, reader, () -> client.shutdown(), factory::destroy, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // go on closing the others
            }
        }
    }

    @ParameterizedTest
    @MethodSource("links")
    void aKeptLineWaitsForItsRelayMessageAndLeavesWithItTheHistoryWrittenBeforeThePublication(String kind) throws Exception {
        start(kind);
        StringRedisTemplate shared = new StringRedisTemplate(factory);
        publisher.keep(STREAM, System.currentTimeMillis(), "alice : hi");
        // Written by keep(), an XADD would have reached Redis before this question (one connection, or the socket
        // written before it is asked).
        assertThat(shared.opsForStream().size(STREAM)).as("the kept line has not left on its own").isZero();

        publisher.publish(RelayMessage.Kind.LINE, "alice : hi");

        String arrived = published.poll(30, TimeUnit.SECONDS);
        assertThat(arrived).as("the line's publication").isNotNull().startsWith("node-p").endsWith("LINE\u001falice : hi");
        assertThat(shared.opsForStream().range(STREAM, Range.unbounded()))
                .singleElement().satisfies(entry -> assertThat(entry.getValue()).containsEntry("x", "alice : hi"));
        assertThat(failures).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("links")
    void linesOfBothKindsHandedOverWhileAPublicationIsOnItsWayLeaveInOrderEachKeptOneBeforeItsLine(String kind) throws Exception {
        start(kind);
        for (int i = 0; i < 50; i++) {
            publisher.keep(STREAM, System.currentTimeMillis(), "alice : " + i);
            publisher.publish(RelayMessage.Kind.LINE, "alice : " + i);
        }
        int seen = 0;
        while (seen < 50) {
            String arrived = published.poll(30, TimeUnit.SECONDS);
            assertThat(arrived).as("publication after line " + seen).isNotNull();
            String[] messages = arrived.split(RelayMessage.BATCH_SEPARATOR);
            // The newest line kept (the Stream keeps the last 20): this batch's last, or one of a batch after it.
            String newest = reader.sync().xrevrange(STREAM, io.lettuce.core.Range.create("-", "+"), Limit.from(1))
                    .getFirst().getBody().get("x");
            for (String message : messages) {
                assertThat(message).endsWith("LINE\u001falice : " + seen);
                seen++;
            }
            assertThat(Integer.parseInt(newest.substring("alice : ".length())))
                    .as("newest line kept once the batch ending with line " + (seen - 1) + " arrived")
                    .isGreaterThanOrEqualTo(seen - 1);
        }
        assertThat(failures).isEmpty();
    }
}
