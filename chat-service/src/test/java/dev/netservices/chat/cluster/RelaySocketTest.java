package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.Test;

import dev.netservices.common.time.ServiceClock;

/**
 * The relay's own socket against a real redis-server: it logs in as an ACL user and uses the node's database; Redis's
 * refusals (an ACL {@code NOPERM}) are counted as Lettuce's client counted them, the last one too although no line
 * follows it; and after Redis restarts, what is published while it is away fails and is counted, and the relay
 * publishes again once it is back.
 */
class RelaySocketTest {

    private static final String STREAM = "chat:history:lobby";
    private static final String PASSWORD = "socket-test-password-0123456789";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final BlockingQueue<String> published = new LinkedBlockingQueue<>();

    private RelayPublisher publisher(RelayLink link, int historyLines) {
        RelaySeal seal = new RelaySeal(ClusterSecret.of(ChatNode.CLUSTER_SECRET, List.of()), 65507, 60_000);
        return new RelayPublisher(link, ClusterConfiguration.TOPIC, "node-s", ServiceClock.SYSTEM, seal,
                new CountedRelayFailures(failures), historyLines);
    }

    private StatefulRedisPubSubConnection<String, String> subscribe(RedisClient client) {
        StatefulRedisPubSubConnection<String, String> subscription = client.connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                published.add(message);
            }
        });
        subscription.sync().subscribe(ClusterConfiguration.TOPIC);
        return subscription;
    }

    @Test
    void anAclUserPublishesAndItsRefusalsAreCountedTheLastOneWithoutALineAfterIt() throws Exception {
        Path acl = Files.createTempFile("chat-test", ".acl");
        // The relay's user may publish on the room's channel but not write the history Stream; "other" may do all.
        Files.writeString(acl, "user default off\n"
                + "user relay on >" + PASSWORD + " resetkeys ~chat:* resetchannels &chat:room -@all +@connection +publish\n"
                + "user other on >" + PASSWORD + " ~* &* +@all\n");
        try (RedisServer redis = RedisServer.start("--aclfile", acl.toString());
                RelaySocket socket = RelaySocket.open(new RelaySocket.Settings("127.0.0.1", redis.port(), "relay",
                        PASSWORD.toCharArray(), 0, "chat-node-s", TIMEOUT, TIMEOUT))) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(redis.port())
                    .withAuthentication("other", PASSWORD).build());
            try (StatefulRedisPubSubConnection<String, String> subscription = subscribe(client)) {
                RelayPublisher publisher = publisher(socket, 20);
                publisher.publish(RelayMessage.Kind.LINE, "alice : first");
                assertThat(published.poll(10, TimeUnit.SECONDS)).as("published as the ACL user").endsWith("alice : first");
                assertThat(failures).isEmpty();

                // The XADD is refused (NOPERM), its PUBLISH goes through; then no line follows.
                publisher.keep(STREAM, System.currentTimeMillis(), "alice : second");
                publisher.publish(RelayMessage.Kind.LINE, "alice : second");
                assertThat(published.poll(10, TimeUnit.SECONDS)).endsWith("alice : second");
                await().atMost(Duration.ofSeconds(10)).until(() -> failures.getOrDefault("history", 0) == 1);
                assertThat(failures).as("only the history refused").containsOnlyKeys("history");
            } finally {
                client.shutdown();
            }
        } finally {
            Files.deleteIfExists(acl);
        }
    }

    @Test
    void aRefusedPublicationIsCountedForEachOfItsMessages() throws Exception {
        Path acl = Files.createTempFile("chat-test", ".acl");
        Files.writeString(acl, "user default off\n"
                + "user relay on >" + PASSWORD + " resetkeys ~chat:* resetchannels &elsewhere -@all +@connection +publish\n");
        try (RedisServer redis = RedisServer.start("--aclfile", acl.toString());
                RelaySocket socket = RelaySocket.open(new RelaySocket.Settings("127.0.0.1", redis.port(), "relay",
                        PASSWORD.toCharArray(), 0, null, TIMEOUT, TIMEOUT))) {
            publisher(socket, 20).publish(RelayMessage.Kind.LINE, "alice : refused");
            await().atMost(Duration.ofSeconds(10)).until(() -> failures.getOrDefault("publish", 0) == 1);
        } finally {
            Files.deleteIfExists(acl);
        }
    }

    @Test
    void whileRedisIsAwayPublicationsFailAndAreCountedThenTheRelayPublishesAgainInTheNodesDatabase() throws Exception {
        try (RedisServer redis = RedisServer.start();
                RelaySocket socket = RelaySocket.open(new RelaySocket.Settings("127.0.0.1", redis.port(), null, null, 3,
                        "chat-node-s", TIMEOUT, TIMEOUT))) {
            RelayPublisher publisher = publisher(socket, 20);
            publisher.keep(STREAM, System.currentTimeMillis(), "alice : before");
            publisher.publish(RelayMessage.Kind.LINE, "alice : before");
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port() + "/3");
            try (StatefulRedisConnection<String, String> reader = client.connect()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> reader.sync().xlen(STREAM) == 1);
            } finally {
                client.shutdown();
            }

            redis.stop();
            // The first write after Redis went may still be taken by the socket; its answer never comes. Either way
            // each line is counted, and none blocks the caller.
            for (int i = 0; i < 3; i++) {
                publisher.publish(RelayMessage.Kind.LINE, "alice : while away " + i);
                Thread.sleep(200);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> failures.getOrDefault("publish", 0) == 3);

            redis.startAgain();
            client = RedisClient.create("redis://127.0.0.1:" + redis.port() + "/3");
            try (StatefulRedisPubSubConnection<String, String> subscription = subscribe(client)) {
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    publisher.publish(RelayMessage.Kind.LINE, "alice : back");
                    String arrived = published.poll(200, TimeUnit.MILLISECONDS);
                    return arrived != null && arrived.endsWith("alice : back");
                });
                assertThat(client.connect().sync().clientList()).as("the relay logged in again under the node's name")
                        .contains("name=chat-node-s");
            } finally {
                client.shutdown();
            }
        }
    }
}
