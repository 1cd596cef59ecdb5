package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.netservices.chat.UdpMember;
import dev.netservices.chat.room.History;
import dev.netservices.chat.room.RoomName;

/**
 * Rooms, private messages, history, bans and mutes across two chat-service nodes sharing a real redis-server, a
 * node restarted keeping history and bans, and the history's bound over all rooms kept in Redis; users and the admin
 * reach the nodes only through UDP and HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRoomsTest {

    private TwoNodes cluster;
    private ChatNode a;
    private ChatNode b;

    @BeforeAll
    void startRedisAndTwoNodes() throws Exception {
        // The 1,050-room case sends 2,101 datagrams as fast as the replies come back: past the nodes' usual burst of
        // 1,000 on a fast machine, so this class allows a larger one.
        cluster = TwoNodes.start("rooms", "--chat.history.lines=3", "--chat.flood.burst=100000");
        a = cluster.a();
        b = cluster.b();
    }

    @AfterAll
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void roomsPrivateMessagesAndHistorySpanBothNodes() {
        try (UdpMember alice = a.member(); UdpMember bob = b.member(); UdpMember carol = b.member(); UdpMember dave = b.member()) {
            assertThat(alice.join("alice")).isEqualTo("OK");
            assertThat(bob.join("bob")).isEqualTo("OK");
            assertThat(alice.receive()).isEqualTo("bob entered the room");
            assertThat(alice.send("/join #ops").receive()).isEqualTo("OK #ops");
            assertThat(bob.receive()).isEqualTo("alice left #lobby");
            alice.send("said on a, 1");
            alice.send("said on a, 2");
            alice.receivesNothingBeforePong();
            // Node a keeps a line in Redis in its relay's next batch, after its own members have it: nobody on b has
            // seen these two, so wait until Redis holds them before b reads the room's history.
            awaitHistory("#ops", 2);
            assertThat(carol.join("carol")).isEqualTo("OK");
            assertThat(bob.receive()).isEqualTo("carol entered the room");
            assertThat(bob.send("/join #OPS").receive()).isEqualTo("OK #OPS");
            assertThat(bob.receive()).matches("\\(history \\S+Z\\) alice : said on a, 1");
            assertThat(bob.receive()).matches("\\(history \\S+Z\\) alice : said on a, 2");
            assertThat(alice.receive()).isEqualTo("bob entered #OPS");
            assertThat(carol.receive()).isEqualTo("bob left #lobby");

            alice.send("ops only");
            assertThat(bob.receive()).isEqualTo("alice : ops only");
            assertThat(bob.send("/who").receive()).isEqualTo("members (2): bob, alice");
            assertThat(carol.send("/who").receive()).isEqualTo("members (1): carol");
            assertThat(carol.send("/rooms").receive()).as("shown as one of its members spelled it")
                    .matches("rooms \\(2\\): #lobby 1, #(ops|OPS) 2");

            carol.send("/msg ALICE across nodes");
            assertThat(alice.receive()).isEqualTo("(private) carol : across nodes");
            assertThat(carol.send("/msg ghost hello").receive()).isEqualTo("ERROR nobody called ghost is in any room");
            bob.receivesNothingBeforePong();

            assertThat(dave.join("dave")).isEqualTo("OK");
            assertThat(carol.receive()).isEqualTo("dave entered the room");
            assertThat(dave.send("/join #ops").receive()).isEqualTo("OK #ops");
            assertThat(dave.receive()).as("the last 3 lines, said on the other node")
                    .matches("\\(history \\S+Z\\) alice : said on a, 1");
            assertThat(dave.receive()).matches("\\(history \\S+Z\\) alice : said on a, 2");
            assertThat(dave.receive()).matches("\\(history \\S+Z\\) alice : ops only");
            assertThat(carol.receive()).isEqualTo("dave left #lobby");
            assertThat(alice.receive()).isEqualTo("dave entered #ops");
            assertThat(bob.receive()).isEqualTo("dave entered #ops");
            dave.receivesNothingBeforePong();
            assertThat(a.admin("GET", "/api/chat/rooms", null).body()).matches(
                    "\\[\\{\"room\":\"#lobby\",\"members\":1},\\{\"room\":\"#(ops|OPS)\",\"members\":3}]");
            assertThat(b.admin("POST", "/api/chat/rooms/ops/broadcast", "{\"message\": \"from b's admin\"}").body())
                    .isEqualTo("{\"recipients\":3}");
            for (UdpMember member : new UdpMember[] {alice, bob, dave}) {
                assertThat(member.receive()).isEqualTo("Admin announcement: from b's admin");
            }
            carol.receivesNothingBeforePong();
            assertThat(bob.join("bobby")).as("a rename keeps the room").isEqualTo("OK");
            assertThat(alice.receive()).isEqualTo("bob is now called bobby");
            assertThat(dave.receive()).isEqualTo("bob is now called bobby");
            assertThat(alice.send("/who").receive()).isEqualTo("members (3): alice, bobby, dave");
            for (UdpMember member : new UdpMember[] {alice, bob, carol, dave}) {
                member.send("/quit");
                while (!member.receive().equals("EXIT")) {
                    // the others' leave notices
                }
            }
        }
    }

    @Test
    @Order(2)
    void aBanSetOnOneNodeRemovesAndKeepsOutOnTheOtherAndAMuteHoldsThereToo() {
        try (UdpMember mallory = b.member(); UdpMember trent = b.member()) {
            assertThat(mallory.join("mallory")).isEqualTo("OK");
            skipHistory(mallory);
            assertThat(a.admin("POST", "/api/chat/bans", "{\"name\": \"mallory\", \"minutes\": 30, \"reason\": \"spam\"}")
                    .statusCode()).isEqualTo(201);
            assertThat(mallory.receive()).matches("you were removed from the room by the admin and banned: spam \\((30m|29m\\d+s) left\\)");
            assertThat(mallory.join("mallory")).matches("FAIL you are banned: spam \\((30m|29m\\d+s) left\\)");

            assertThat(trent.join("trent")).isEqualTo("OK");
            skipHistory(trent);
            assertThat(a.admin("POST", "/api/chat/mutes", "{\"name\": \"trent\", \"minutes\": 30}").statusCode()).isEqualTo(201);
            // Each probe is answered on b: a private message to oneself while not muted yet, the refusal once muted.
            await().atMost(Duration.ofSeconds(30)).until(() -> trent.send("/msg trent probe").receive().startsWith("ERROR you are muted"));
            assertThat(b.admin("GET", "/api/chat/mutes", null).body()).contains("\"name\":\"trent\"");
        }
    }

    @Test
    @Order(3)
    void aRestartedNodeStillHasTheRoomsHistoryAndTheBans() throws Exception {
        b = cluster.restartB();
        try (UdpMember mallory = b.member(); UdpMember erin = b.member()) {
            assertThat(mallory.join("mallory")).matches("FAIL you are banned: spam \\(\\d+m(\\d+s)? left\\)");
            assertThat(erin.join("erin")).isEqualTo("OK");
            skipHistory(erin);
            assertThat(erin.send("/join #ops").receive()).isEqualTo("OK #ops");
            assertThat(erin.receive()).matches("\\(history \\S+Z\\) alice : said on a, 2");
            assertThat(erin.receive()).matches("\\(history \\S+Z\\) alice : ops only");
            assertThat(erin.receive()).matches("\\(history \\S+Z\\) Admin announcement: from b's admin");
            erin.receivesNothingBeforePong();
        }
    }

    @Test
    @Order(4)
    void aMuteHoldsOnTheAddressItsNameJoinedFromOnEveryNodeUntilLiftedOnAny() {
        // trent's mute (set above) holds on 127.0.0.1, where every member of this test sends from: lifted first.
        assertThat(b.admin("DELETE", "/api/chat/mutes/trent", null).statusCode()).isEqualTo(204);
        assertThat(a.admin("POST", "/api/chat/mutes", "{\"name\": \"mal\", \"minutes\": 30, \"reason\": \"spam\"}")
                .statusCode()).isEqualTo(201);
        try (UdpMember mal = b.member()) {
            assertThat(mal.join("mal")).isEqualTo("OK"); // on b, which adds its address to the mute in Redis
            skipHistory(mal);
            // b learns of the mute set on a by the relay: a probe is answered on b, delivered to itself until then.
            await().atMost(Duration.ofSeconds(30)).until(() -> mal.send("/msg mal probe").receive().startsWith("ERROR you are muted"));
            assertThat(mal.send("hi").receive()).matches("ERROR you are muted: spam \\((30m|29m\\d+s) left\\)");
            assertThat(mal.send("/quit").receive()).isEqualTo("EXIT");
        }
        try (UdpMember again = a.member()) {
            assertThat(again.join("mal5")).isEqualTo("OK"); // on a, from the same address, under another name
            skipHistory(again);
            await().atMost(Duration.ofSeconds(30)).until(() -> again.send("/msg mal5 probe").receive().startsWith("ERROR you are muted"));
            assertThat(a.admin("GET", "/api/chat/mutes", null).body()).contains("\"addresses\":[\"127.0.0.1\"]");

            assertThat(b.admin("DELETE", "/api/chat/mutes/mal", null).statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(30)).until(() -> again.send("/msg mal5 probe").receive().equals("(private) mal5 : probe"));
            assertThat(a.admin("GET", "/api/chat/mutes", null).body()).isEqualTo("[]");
            again.send("/quit");
        }
    }

    @Test
    @Order(5)
    void aMemberSpeakingInMoreRoomsThanTheBoundLeavesRedisTheNewestRoomsOnlyAndTheOtherNodeServesThem() {
        int rooms = History.MAX_ROOMS + 50;
        try (UdpMember alice = a.member(); UdpMember bob = b.member()) {
            assertThat(alice.join("alice")).isEqualTo("OK");
            skipHistory(alice);
            for (int r = 0; r < rooms; r++) {
                assertThat(alice.send("/join #r" + r).receive()).isEqualTo("OK #r" + r);
                alice.send("line " + r);
            }
            alice.receivesNothingBeforePong();
            String newest = RedisHistory.streamOf(RoomName.of("#r" + (rooms - 1)).orElseThrow());
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + cluster.redis().port());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> redis = connection.sync();
                await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(newest) == 1);
                List<String> kept = new ArrayList<>();
                for (int r = rooms - History.MAX_ROOMS; r < rooms; r++) {
                    kept.add(RedisHistory.streamOf(RoomName.of("#r" + r).orElseThrow()));
                }
                // The bound is settled once the newest room's line is answered, right after its write.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(redis.zrange(RedisHistory.ROOMS, 0, -1))
                        .as("the newest rooms, least recently written first").isEqualTo(kept));
                List<String> streams = new ArrayList<>();
                ScanIterator.scan(redis, ScanArgs.Builder.matches(RedisHistory.PREFIX + "*").limit(500)).forEachRemaining(streams::add);
                assertThat(streams).as("the Streams in Redis: those of the newest rooms, no other").hasSameElementsAs(kept);
                long chars = 0;
                for (String line : kept) {
                    chars += redis.xrange(line, Range.create("-", "+")).stream().mapToLong(entry -> entry.getBody().get("x").length()).sum();
                }
                assertThat(redis.hget(RedisHistory.COUNTS, RedisHistory.TOTAL)).isEqualTo(Long.toString(chars));
            } finally {
                client.shutdown();
            }

            assertThat(bob.join("bob")).isEqualTo("OK");
            skipHistory(bob);
            assertThat(bob.send("/join #r" + (rooms - 1)).receive()).isEqualTo("OK #r" + (rooms - 1));
            assertThat(bob.receive()).as("served on the other node").matches("\\(history \\S+Z\\) alice : line " + (rooms - 1));
            assertThat(alice.receive()).isEqualTo("bob entered #r" + (rooms - 1));
            bob.receivesNothingBeforePong();
            assertThat(bob.send("/join #r49").receive()).isEqualTo("OK #r49");
            bob.receivesNothingBeforePong(); // its history went with the least recently written rooms
            assertThat(bob.send("/join #r50").receive()).isEqualTo("OK #r50");
            assertThat(bob.receive()).matches("\\(history \\S+Z\\) alice : line 50");
        }
    }

    /** Waits until Redis holds at least {@code lines} lines of {@code room}'s history. */
    private void awaitHistory(String room, long lines) {
        String stream = RedisHistory.streamOf(RoomName.of(room).orElseThrow());
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + cluster.redis().port());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> connection.sync().xlen(stream) >= lines);
        } finally {
            client.shutdown();
        }
    }

    /** Reads the lobby's history replayed after a join, up to the answer to a ping sent after it. */
    private static void skipHistory(UdpMember member) {
        member.send("/ping");
        while (!member.receive().equals("PONG")) {
            // a replayed line
        }
    }
}
