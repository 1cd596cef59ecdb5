package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;

import org.junit.jupiter.api.Test;

/**
 * The Lettuce I/O threads a node runs, against a real redis-server: on one core, one thread serves both the command
 * connection and the subscription (Lettuce's own count would have been two, one per connection), and on Linux the
 * threads are Netty's epoll event loops, not NIO's selector loops.
 */
class LettuceIoThreadsTest {

    @Test
    void onOneCoreOneEpollThreadServesTheCommandConnectionAndTheSubscription() throws Exception {
        LettuceIoThreads threads = new LettuceIoThreads(1);
        ClientResources.Builder builder = ClientResources.builder();
        threads.customize(builder);
        ClientResources resources = builder.build();
        try (RedisServer redis = RedisServer.start()) {
            RedisClient client = RedisClient.create(resources, RedisURI.create("127.0.0.1", redis.port()));
            try (StatefulRedisConnection<String, String> commands = client.connect();
                    StatefulRedisPubSubConnection<String, String> subscription = client.connectPubSub()) {
                assertThat(resources.ioThreadPoolSize()).isEqualTo(1);
                CompletableFuture<Thread> readMessage = new CompletableFuture<>();
                subscription.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        readMessage.complete(Thread.currentThread());
                    }
                });
                subscription.sync().subscribe("chat:test");
                // The PUBLISH waits behind a BLPOP that times out after a second on the same connection, so that its
                // answer cannot arrive before the callback is attached (which would then run on this thread).
                commands.async().blpop(1.0, "chat:test:nothing");
                Thread readAnswer = commands.async().publish("chat:test", "hello").thenApply(receivers -> Thread.currentThread())
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(readMessage.get(10, TimeUnit.SECONDS)).as("the thread that read the node's own copy")
                        .isSameAs(readAnswer);
                // Lettuce names its I/O threads after the transport it chose: "lettuce-epollEventLoop-..." when Netty's
                // native epoll transport is on the class path and loads, "lettuce-nioEventLoop-..." otherwise.
                assertThat(readAnswer.getName()).as("the transport of Lettuce's I/O thread").startsWith("lettuce-epollEventLoop");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS).get();
            threads.destroy();
        }
    }
}
