package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.Range;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.netservices.chat.room.History;
import dev.netservices.chat.room.RoomName;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The cluster's history keeps the bound one node keeps, in Redis, against a real redis-server, on both relay links:
 * lines a room (a join replays exactly its last lines; Redis holds fewer than twice as many), rooms, and characters
 * over all rooms as Java counts them, counted exactly; past it the least recently written rooms' Streams are deleted
 * first, then the oldest lines of the room written in; a room whose Stream went shows none. Written as a node writes
 * it: each kept line followed by its relay message ({@link RelayPublisher}).
 */
class RedisHistoryTest {

    private RelayOnRedis relay;
    private RedisLane lane;
    private RelayPublisher publisher;
    private RedisHistory history;

    static List<String> links() {
        return RelayOnRedis.links();
    }

    /** A node's history of {@code lines} a room within {@code rooms} rooms and {@code chars} characters. */
    private void start(String kind, int lines, int rooms, long chars) throws Exception {
        relay = RelayOnRedis.start(kind);
        publisher = relay.publisher("node-h", lines, rooms, chars);
        lane = new RedisLane(new RedisReach(), new CountedRelayFailures(relay.failures));
        history = new RedisHistory(new StringRedisTemplate(relay.factory()), publisher, lane, lines);
    }

    @AfterEach
    void stop() {
        if (lane != null) {
            lane.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    private static RoomName room(String name) {
        return RoomName.of("#" + name).orElseThrow();
    }

    /**
     * Keeps {@code text} in {@code name}'s history and relays it, as a node does, and waits until its publication came
     * and then a message published after it: the settlement its answers asked for, written before that message on the
     * same connection, is done.
     */
    private void say(String name, String text) throws InterruptedException {
        history.keep(room(name), System.currentTimeMillis(), text);
        publisher.publish(RelayMessage.Kind.LINE, text);
        published(text);
        publisher.publish(RelayMessage.Kind.LINE, "settled after " + text);
        published("settled after " + text);
    }

    private void published(String text) throws InterruptedException {
        String arrived = relay.published.poll(30, TimeUnit.SECONDS);
        assertThat(arrived).as("the publication of " + text).isNotNull().endsWith(text);
    }

    private List<String> texts(String name) {
        return history.last(room(name)).join().stream().map(History.Line::text).toList();
    }

    /**
     * Characters Redis counts as held over all rooms, checked against the lines its Streams hold, and each room's count
     * of lines against its Stream's.
     */
    private long chars() {
        Map<String, String> counts = relay.reader().sync().hgetall(RedisHistory.COUNTS);
        long held = 0;
        for (String stream : relay.reader().sync().keys(RedisHistory.PREFIX + "*")) {
            var entries = relay.reader().sync().xrange(stream, Range.create("-", "+"));
            held += entries.stream().mapToLong(entry -> entry.getBody().get("x").length()).sum();
            assertThat(counts.get(stream)).as("the lines of " + stream).isEqualTo(Integer.toString(entries.size()));
        }
        long total = Long.parseLong(counts.getOrDefault(RedisHistory.TOTAL, "0"));
        assertThat(total).as("the total is what the Streams hold").isEqualTo(held);
        return total;
    }

    private long length(String name) {
        return relay.reader().sync().xlen(RedisHistory.streamOf(room(name)));
    }

    @ParameterizedTest
    @MethodSource("links")
    void pastTheCharactersOtherRoomsGoBeforeTheOldestLinesOfTheRoomWrittenIn(String kind) throws Exception {
        start(kind, 5, History.MAX_ROOMS, 30);
        say("a", "aaaaaaaaaa");
        say("b", "bbbbbbbbbb");
        say("c", "cccccccccc");
        assertThat(chars()).isEqualTo(30);
        say("c", "CCCCCCCCCC");
        assertThat(texts("a")).as("the least recently written room went").isEmpty();
        assertThat(relay.reader().sync().exists(RedisHistory.streamOf(room("a")))).as("its Stream deleted").isZero();
        assertThat(texts("b")).containsExactly("bbbbbbbbbb");
        assertThat(texts("c")).containsExactly("cccccccccc", "CCCCCCCCCC");
        say("c", "dddddddddddddddddddd");
        assertThat(texts("b")).isEmpty();
        assertThat(texts("c")).containsExactly("CCCCCCCCCC", "dddddddddddddddddddd");
        say("c", "e".repeat(30));
        assertThat(texts("c")).as("alone, the room loses its oldest lines").containsExactly("e".repeat(30));
        assertThat(chars()).isEqualTo(30);
        say("c", "f".repeat(40));
        assertThat(texts("c")).as("never its newest line").containsExactly("f".repeat(40));
        assertThat(relay.reader().sync().zrange(RedisHistory.ROOMS, 0, -1)).containsExactly(RedisHistory.streamOf(room("c")));
        assertThat(relay.failures).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("links")
    void pastTheRoomsTheLeastRecentlyWrittenGoFirstAndARoomKeepsItsLastLinesExactly(String kind) throws Exception {
        start(kind, 2, 3, History.MAX_CHARS);
        for (String name : new String[] {"a", "b", "c"}) {
            say(name, name + " 1");
        }
        say("a", "a 2");
        say("a", "a 3");
        assertThat(texts("a")).containsExactly("a 2", "a 3");
        assertThat(length("a")).as("held until the room reaches twice its lines").isEqualTo(3);
        say("d", "d 1");
        assertThat(texts("b")).as("the least recently written of four rooms, three kept").isEmpty();
        assertThat(relay.reader().sync().zrange(RedisHistory.ROOMS, 0, -1)).containsExactly(RedisHistory.streamOf(room("c")),
                RedisHistory.streamOf(room("a")), RedisHistory.streamOf(room("d")));
        assertThat(texts("c")).containsExactly("c 1");
        assertThat(chars()).isEqualTo("c 1a 1a 2a 3d 1".length());
        say("a", "a 4");
        assertThat(length("a")).as("at twice its lines, back to exactly its last lines").isEqualTo(2);
        assertThat(texts("a")).containsExactly("a 3", "a 4");
        assertThat(chars()).isEqualTo("c 1a 3a 4d 1".length());
        assertThat(relay.failures).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("links")
    void charactersAreCountedAsJavaCountsThemOutsideLatin1AndPastTheBasicPlaneToo(String kind) throws Exception {
        start(kind, 3, History.MAX_ROOMS, 10);
        say("u", "日本語 é");
        say("u", "😀😀"); // two characters each, as String.length() and one node count them
        assertThat(chars()).isEqualTo("日本語 é".length() + "😀😀".length()).isEqualTo(9);
        say("u", "ab");
        assertThat(texts("u")).as("11 characters: the oldest line went").containsExactly("😀😀", "ab");
        assertThat(relay.failures).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("links")
    void whenRedisLostTheScriptTheBoundIsSettledWithTheScriptItself(String kind) throws Exception {
        start(kind, 2, History.MAX_ROOMS, History.MAX_CHARS);
        say("s", "before"); // a new room: settled, so this node knows Redis has the script
        relay.reader().sync().scriptFlush();
        say("s", "after the flush");
        say("s", "and then");
        say("s", "at twice");
        await().atMost(Duration.ofSeconds(10)).until(() -> length("s") == 2);
        assertThat(texts("s")).containsExactly("and then", "at twice");
        assertThat(chars()).isEqualTo("and thenat twice".length());
        assertThat(relay.failures).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("links")
    void twoNodesWritingTheSameRoomsAtOnceKeepTheCountExactAndTheBound(String kind) throws Exception {
        start(kind, 3, 4, 200);
        RelayPublisher other = relay.otherNode("node-i", 3, 4, 200);
        RedisHistory otherHistory = new RedisHistory(new StringRedisTemplate(relay.factory()), other, lane, 3);
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 400; i++) {
                otherHistory.keep(room("r" + i % 6), System.currentTimeMillis(), "i" + i);
                other.publish(RelayMessage.Kind.LINE, "i" + i);
            }
        });
        for (int i = 0; i < 400; i++) {
            history.keep(room("r" + (i + 3) % 6), System.currentTimeMillis(), "h" + i);
            publisher.publish(RelayMessage.Kind.LINE, "h" + i);
        }
        writer.join();
        List<String> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            relay.published.drainTo(seen);
            return seen.stream().anyMatch(text -> text.endsWith("h399")) && seen.stream().anyMatch(text -> text.endsWith("i399"));
        });
        // Each node's settlement, if its last answers asked for one, went before a message published after them.
        other.publish(RelayMessage.Kind.LINE, "settled i");
        published("settled i");
        publisher.publish(RelayMessage.Kind.LINE, "settled h");
        published("settled h");
        assertThat(relay.reader().sync().zcard(RedisHistory.ROOMS)).as("within the rooms' bound").isLessThanOrEqualTo(4);
        assertThat(chars()).as("exact, within the characters' bound").isLessThanOrEqualTo(200);
        for (int r = 0; r < 6; r++) {
            assertThat(length("r" + r)).as("fewer than twice the lines").isLessThan(6);
        }
        assertThat(relay.failures).isEmpty();
    }
}
