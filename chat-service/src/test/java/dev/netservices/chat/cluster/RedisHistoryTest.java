package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
 * lines a room, rooms, and characters over all rooms as Java counts them; past it the least recently written rooms'
 * Streams are deleted first, then the oldest lines of the room written in; a room whose Stream went shows none.
 * Written as a node writes it: each kept line followed by its relay message ({@link RelayPublisher}).
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

    /** Keeps {@code text} in {@code name}'s history and relays it, as a node does, and waits until its publication came. */
    private void say(String name, String text) throws InterruptedException {
        history.keep(room(name), System.currentTimeMillis(), text);
        publisher.publish(RelayMessage.Kind.LINE, text);
        String arrived = relay.published.poll(30, TimeUnit.SECONDS);
        assertThat(arrived).as("the publication of " + text).isNotNull().endsWith(text);
    }

    private List<String> texts(String name) {
        return history.last(room(name)).join().stream().map(History.Line::text).toList();
    }

    /** Characters Redis counts as held: over all rooms, checked against each room's count and its lines. */
    private long chars() {
        Map<String, String> held = relay.reader().sync().hgetall(RedisHistory.CHARS);
        long rooms = 0;
        for (Map.Entry<String, String> room : held.entrySet()) {
            if (!room.getKey().equals("total")) {
                String[] counts = room.getValue().split(":"); // characters:lines
                rooms += Long.parseLong(counts[0]);
                var entries = relay.reader().sync().xrange(room.getKey(), Range.create("-", "+"));
                long chars = entries.stream().mapToLong(entry -> entry.getBody().get("x").length()).sum();
                assertThat(Long.parseLong(counts[0])).as("the characters of " + room.getKey()).isEqualTo(chars);
                assertThat(Long.parseLong(counts[1])).as("the lines of " + room.getKey()).isEqualTo(entries.size());
            }
        }
        long total = Long.parseLong(held.getOrDefault("total", "0"));
        assertThat(total).as("the total is the rooms' sum").isEqualTo(rooms);
        return total;
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
        say("d", "d 1");
        assertThat(texts("b")).as("the least recently written of four rooms, three kept").isEmpty();
        assertThat(relay.reader().sync().zrange(RedisHistory.ROOMS, 0, -1)).containsExactly(RedisHistory.streamOf(room("c")),
                RedisHistory.streamOf(room("a")), RedisHistory.streamOf(room("d")));
        assertThat(texts("c")).containsExactly("c 1");
        assertThat(chars()).isEqualTo("c 1a 2a 3d 1".length());
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
    void whenRedisLostTheScriptTheLinesAreWrittenWithItAndKeepTheirOrder(String kind) throws Exception {
        start(kind, 5, History.MAX_ROOMS, History.MAX_CHARS);
        say("s", "before");
        relay.reader().sync().scriptFlush();
        say("s", "after the flush");
        await().atMost(Duration.ofSeconds(10)).until(() -> texts("s").size() == 2);
        say("s", "and then");
        assertThat(texts("s")).containsExactly("before", "after the flush", "and then");
        assertThat(relay.failures).isEmpty();
    }
}
