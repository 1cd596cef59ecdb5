package dev.netservices.chat.cluster;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/**
 * The cluster tests' set-up: a real redis-server and two chat-service nodes in the test's JVM on it, each up in the
 * cluster before a test uses it; closing stops the nodes (the current ones, after a restart) and Redis.
 */
final class TwoNodes implements AutoCloseable {

    /** Short, so that a dead node's members are removed within a test. */
    static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);

    private final RedisServer redis;
    private final String prefix;
    private final String[] options;
    private ChatNode a;
    private ChatNode b;

    private TwoNodes(RedisServer redis, String prefix, String[] options) {
        this.redis = redis;
        this.prefix = prefix;
        this.options = options;
    }

    /** Redis and the nodes {@code prefix-a} and {@code prefix-b}, both started with {@code options}, both UP. */
    static TwoNodes start(String prefix, String... options) throws Exception {
        TwoNodes nodes = new TwoNodes(RedisServer.start(), prefix, options);
        try {
            nodes.a = ChatNode.inProcess(prefix + "-a", nodes.redis.port(), NODE_TIMEOUT, options);
            nodes.b = ChatNode.inProcess(prefix + "-b", nodes.redis.port(), NODE_TIMEOUT, options);
            awaitClusterUp(nodes.a);
            awaitClusterUp(nodes.b);
            return nodes;
        } catch (Exception | Error e) {
            nodes.close();
            throw e;
        }
    }

    RedisServer redis() {
        return redis;
    }

    ChatNode a() {
        return a;
    }

    ChatNode b() {
        return b;
    }

    /** Stops node b and starts it again under its name with the same options; returns it once UP. */
    ChatNode restartB() throws Exception {
        b.close();
        b = ChatNode.inProcess(prefix + "-b", redis.port(), NODE_TIMEOUT, options);
        awaitClusterUp(b);
        return b;
    }

    static void awaitClusterUp(ChatNode node) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(node::clusterUp);
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, redis}) {
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
