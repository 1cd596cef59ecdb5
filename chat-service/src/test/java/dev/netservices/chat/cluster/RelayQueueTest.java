package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.UdpMember;

/**
 * The relay's queue, as docs/operations.md promises: while one publication waits for Redis, at most 10,000
 * messages wait behind it; each one past that is dropped and counted as
 * {@code chat_redis_errors_total{operation="relay-queue-full"}}. A real redis-server, frozen (SIGSTOP) so that
 * the publication on its way stays unanswered; the Redis timeout is long, so the node never gives it up meanwhile.
 */
class RelayQueueTest {

    private static final int WAITING = 10_000;
    private static final int PAST = 37;
    private static final Pattern COUNT = Pattern.compile("\"statistic\":\"COUNT\",\"value\":(\\d+)\\.0");

    @Test
    void linesPastTenThousandWaitingForRedisAreDroppedAndCountedAndTheRelayGoesOnWhenRedisAnswers() throws Exception {
        try (RedisServer redis = RedisServer.start();
                ChatNode node = ChatNode.inProcess("node-q", redis.port(), Duration.ofMinutes(10),
                        "--chat.flood.burst=100000", "--chat.flood.refill=1us", "--spring.data.redis.timeout=10m");
                UdpMember alice = node.member()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(node::clusterUp);
            assertThat(alice.join("alice")).isEqualTo("OK");
            redis.freeze();
            try {
                // One on its way (the join's notice, if still unanswered, or the first line), 10,000 waiting, the rest
                // dropped. Sent in steps of 500 each closed by a /ping, so that no datagram is lost to a full socket buffer.
                int lines = 1 + WAITING + PAST;
                for (int sent = 0; sent < lines; ) {
                    for (int i = 0; i < 500 && sent < lines; i++, sent++) {
                        alice.send("line " + sent);
                    }
                    alice.receivesNothingBeforePong();
                }
                long dropped = droppedCount(node);
                assertThat(dropped).as("the lines past the queue, less one if the join's notice was still on its way")
                        .isBetween((long) PAST, PAST + 1L);
            } finally {
                redis.thaw();
            }
            // Once Redis answers, the queue drains in batches and a new line is queued again, not dropped.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                long before = droppedCount(node);
                alice.send("after the thaw");
                alice.receivesNothingBeforePong();
                return droppedCount(node) == before;
            });
        }
    }

    /**
     * The counter through {@code /actuator/metrics}, which reads that one meter: a Prometheus scrape would also read
     * the room-wide member gauge, which asks the frozen Redis and would wait out its long timeout.
     */
    private static long droppedCount(ChatNode node) {
        var response = node.get("/actuator/metrics/chat.redis.errors?tag=operation:relay-queue-full", true);
        if (response.statusCode() == 404) {
            return 0; // not counted yet
        }
        Matcher matcher = COUNT.matcher(response.body());
        assertThat(matcher.find()).as(response.body()).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
