package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.Limit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.netservices.chat.room.History;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A line kept for its room's history leaves with the relay message of the line itself, not on its own: against a
 * real redis-server, the publisher on the node's shared connection, a subscriber on another. Writing the XADD at
 * once used to make every line of a cluster two round trips to Redis in a row (the PUBLISH waited behind the XADD).
 */
class RelayPublisherTest {

    private static final String STREAM = "chat:history:lobby";

    private RelayOnRedis relay;
    private RelayPublisher publisher;

    static List<String> links() {
        return RelayOnRedis.links();
    }

    private void start(String kind) throws Exception {
        relay = RelayOnRedis.start(kind);
        publisher = relay.publisher("node-p", 20, History.MAX_ROOMS, History.MAX_CHARS);
    }

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    @ParameterizedTest
    @MethodSource("links")
    void aKeptLineWaitsForItsRelayMessageAndLeavesWithItTheHistoryWrittenBeforeThePublication(String kind) throws Exception {
        start(kind);
        StringRedisTemplate shared = new StringRedisTemplate(relay.factory());
        publisher.keep(STREAM, System.currentTimeMillis(), "alice : hi");
        // Written by keep(), an XADD would have reached Redis before this question (one connection, or the socket
        // written before it is asked).
        assertThat(shared.opsForStream().size(STREAM)).as("the kept line has not left on its own").isZero();

        publisher.publish(RelayMessage.Kind.LINE, "alice : hi");

        String arrived = relay.published.poll(30, TimeUnit.SECONDS);
        assertThat(arrived).as("the line's publication").isNotNull().startsWith("node-p").endsWith("LINE\u001falice : hi");
        assertThat(shared.opsForStream().range(STREAM, Range.unbounded()))
                .singleElement().satisfies(entry -> assertThat(entry.getValue()).containsEntry("x", "alice : hi"));
        assertThat(relay.failures).isEmpty();
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
            String arrived = relay.published.poll(30, TimeUnit.SECONDS);
            assertThat(arrived).as("publication after line " + seen).isNotNull();
            String[] messages = arrived.split(RelayMessage.BATCH_SEPARATOR);
            // The newest line kept (the Stream keeps the last 20): this batch's last, or one of a batch after it.
            String newest = relay.reader().sync().xrevrange(STREAM, io.lettuce.core.Range.create("-", "+"), Limit.from(1))
                    .getFirst().getBody().get("x");
            for (String message : messages) {
                assertThat(message).endsWith("LINE\u001falice : " + seen);
                seen++;
            }
            assertThat(Integer.parseInt(newest.substring("alice : ".length())))
                    .as("newest line kept once the batch ending with line " + (seen - 1) + " arrived")
                    .isGreaterThanOrEqualTo(seen - 1);
        }
        assertThat(relay.failures).isEmpty();
    }
}
