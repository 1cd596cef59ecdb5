package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.netservices.chat.UdpMember;

/**
 * One room on two (and, for kill -9, three) chat-service nodes sharing a real redis-server, all on free ports;
 * users and the admin reach the nodes only through their UDP ports and HTTP APIs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

    private static final Duration NODE_TIMEOUT = TwoNodes.NODE_TIMEOUT;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TwoNodes cluster;
    private RedisServer redis;
    private ChatNode a;
    private ChatNode b;

    @BeforeAll
    void startRedisAndTwoNodes() throws Exception {
        // History off: each test asserts the next datagram a newcomer gets (ClusterRoomsTest covers history).
        cluster = TwoNodes.start("node", "--chat.history.lines=0");
        redis = cluster.redis();
        a = cluster.a();
        b = cluster.b();
    }

    @AfterAll
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void awaitClusterUp(ChatNode node) {
        TwoNodes.awaitClusterUp(node);
    }

    /** The {@code cluster} component of the node's health. */
    private static JsonNode cluster(ChatNode node) {
        return JSON.readTree(node.get("/actuator/health", false).body()).path("components").path("cluster");
    }

    /** The admin's member list: name -> "address node". */
    private static java.util.Map<String, String> members(ChatNode node) {
        java.util.Map<String, String> members = new java.util.LinkedHashMap<>();
        for (JsonNode member : JSON.readTree(node.get("/api/chat/members", true).body())) {
            members.put(member.path("name").asString(), member.path("address").asString() + " " + member.path("node").asString());
        }
        return members;
    }

    @Test
    @Order(1)
    void everyLineAndNoticeReachesEveryMemberOnEveryNodeOnceAndInOrder() {
        try (UdpMember alice = a.member(); UdpMember bob = b.member(); UdpMember carol = b.member()) {
            // Relays are asynchronous: each join is seen on the other node before the next, so that a member who
            // joins never hears of an earlier join that was still on its way.
            assertThat(bob.join("bob")).isEqualTo("OK");
            assertThat(alice.join("alice")).isEqualTo("OK");
            assertThat(bob.receive()).isEqualTo("alice entered the room");
            assertThat(carol.join("carol")).isEqualTo("OK");
            assertThat(alice.receive()).isEqualTo("carol entered the room");
            assertThat(bob.receive()).isEqualTo("carol entered the room");

            for (int i = 0; i < 100; i++) {
                alice.send("line " + i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(bob.receive()).isEqualTo("alice : line " + i);
                assertThat(carol.receive()).isEqualTo("alice : line " + i);
            }
            bob.send("from b");
            assertThat(alice.receive()).isEqualTo("bob : from b");
            assertThat(carol.receive()).isEqualTo("bob : from b");
            // Markers through the relay, in the order Redis publishes: a copy of "from b" (an echo to its sender, a
            // second delivery) would have arrived before them.
            alice.send("marker from a");
            assertThat(bob.receive()).isEqualTo("alice : marker from a");
            assertThat(carol.receive()).isEqualTo("alice : marker from a");
            carol.send("marker from b");
            assertThat(alice.receive()).isEqualTo("carol : marker from b");
            assertThat(bob.receive()).isEqualTo("carol : marker from b");
            carol.receivesNothingBeforePong();

            assertThat(carol.send("/who").receive()).isEqualTo("members (3): bob, carol, alice");
            assertThat(members(a)).containsEntry("alice", "127.0.0.1:" + alice.localPort() + " node-a")
                    .containsEntry("bob", "127.0.0.1:" + bob.localPort() + " node-b")
                    .containsEntry("carol", "127.0.0.1:" + carol.localPort() + " node-b");

            HttpResponse<String> broadcast = b.broadcast("maintenance at noon");
            assertThat(broadcast.statusCode()).isEqualTo(200);
            assertThat(broadcast.body()).isEqualTo("{\"recipients\":3}");
            for (UdpMember member : List.of(alice, bob, carol)) {
                assertThat(member.receive()).isEqualTo("Admin announcement: maintenance at noon");
            }
            assertThat(b.broadcast("marker").statusCode()).isEqualTo(200);
            for (UdpMember member : List.of(alice, bob, carol)) {
                assertThat(member.receive()).as("the next announcement, not a second copy").isEqualTo("Admin announcement: marker");
            }

            assertThat(a.get("/actuator/prometheus", true).body()).contains("chat_relay_messages_total{application=\"chat-service\",direction=\"out\"}")
                    .contains("chat_cluster_members{application=\"chat-service\"} 3");
            // Node b delivered a's lines: its relay lag has observations, in the buckets of application.yml.
            String scrapeOfB = b.get("/actuator/prometheus", true).body();
            assertThat(scrapeOfB).contains("chat_relay_messages_total{application=\"chat-service\",direction=\"in\"}")
                    .containsPattern("chat_relay_lag_seconds_count\\{application=\"chat-service\"} [1-9]");
            for (String le : new String[] {"0.001", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "1.0", "2.5", "+Inf"}) {
                assertThat(scrapeOfB).contains("chat_relay_lag_seconds_bucket{application=\"chat-service\",le=\"" + le + "\"}");
            }

            assertThat(b.remove("ALICE").statusCode()).as("removed from the node that does not hold it").isEqualTo(204);
            assertThat(alice.receive()).isEqualTo("you were removed from the room by the admin");
            assertThat(bob.receive()).isEqualTo("alice was removed by the admin");
            assertThat(carol.receive()).isEqualTo("alice was removed by the admin");
            assertThat(a.remove("nobody").statusCode()).isEqualTo(404);
            await().atMost(Duration.ofSeconds(5)).until(() -> !members(b).containsKey("alice"));

            leave(bob);
            leave(carol);
        }
    }

    @Test
    @Order(2)
    void aNameIsHeldOnceInTheWholeRoomEvenWhenTwoNodesAreAskedAtTheSameMoment() throws Exception {
        try (UdpMember holder = a.member(); UdpMember other = b.member()) {
            assertThat(join(holder, "Zoë")).isEqualTo("OK");
            assertThat(join(other, "ZOË")).isEqualTo("FAIL the name ZOË is taken");
            assertThat(join(other, "ｚｏë")).as("full-width letters are the same name").isEqualTo("FAIL the name ｚｏë is taken");
            leave(holder);
            assertThat(join(other, "zoë")).as("freed by the leave before its EXIT").isEqualTo("OK");
            leave(other);
        }
        CyclicBarrier together = new CyclicBarrier(2);
        for (int round = 0; round < 40; round++) {
            String name = "race" + round;
            try (UdpMember onA = a.member(); UdpMember onB = b.member()) {
                CompletableFuture<String> fromA = CompletableFuture.supplyAsync(() -> joinTogether(together, onA, name));
                CompletableFuture<String> fromB = CompletableFuture.supplyAsync(() -> joinTogether(together, onB, name));
                List<String> replies = List.of(fromA.get(), fromB.get());
                assertThat(replies).as("round %d", round).containsOnlyOnce("OK").contains("FAIL the name " + name + " is taken");
                UdpMember winner = replies.get(0).equals("OK") ? onA : onB;
                leave(winner);
            }
        }
    }

    private static String joinTogether(CyclicBarrier together, UdpMember member, String name) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return join(member, name);
    }

    /** Joins and returns the reply, past any notice that arrives first. */
    private static String join(UdpMember member, String name) {
        member.send("L " + name);
        return replyAmongNotices(member);
    }

    /** Leaves and waits for the EXIT, so that the next test starts in an empty room. */
    private static void leave(UdpMember member) {
        member.send("/quit");
        assertThat(replyAmongNotices(member)).isEqualTo("EXIT");
    }

    /**
     * The reply to the member's last datagram. A notice relayed from another node may arrive first (the room
     * goes on while a member joins: "race4 left the room" may reach the winner of round 5), so notices are skipped.
     */
    private static String replyAmongNotices(UdpMember member) {
        while (true) {
            String datagram = member.receive();
            if (datagram.equals("OK") || datagram.equals("EXIT") || datagram.startsWith("FAIL ")) {
                return datagram;
            }
        }
    }

    /** The datagrams that reach the member before the answer to a /ping it sends now. */
    private static List<String> receivedBeforePong(UdpMember member) {
        List<String> received = new java.util.ArrayList<>();
        for (String datagram = member.send("/ping").receive(); !datagram.equals("PONG"); datagram = member.receive()) {
            received.add(datagram);
        }
        return received;
    }

    @Test
    @Order(3)
    void whileRedisIsAwayMembersOfANodeKeepTalkingJoinsFailAndTheRoomIsWholeAgainWhenItReturns() throws Exception {
        try (UdpMember alice = a.member(); UdpMember dan = a.member(); UdpMember bob = b.member()) {
            alice.join("alice3");
            dan.join("dan3");
            assertThat(alice.receive()).isEqualTo("dan3 entered the room");
            bob.join("bob3");
            assertThat(alice.receive()).isEqualTo("bob3 entered the room");
            assertThat(dan.receive()).isEqualTo("bob3 entered the room");

            redis.stop();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    a.get("/actuator/health", false).statusCode() == 503 && cluster(a).path("status").asString().equals("DOWN")
                            && cluster(a).path("details").path("reason").asString().startsWith("Redis unreachable"));
            assertThat(a.get("/actuator/health/readiness", false).statusCode()).as("the node still serves").isEqualTo(200);
            assertThat(a.get("/actuator/prometheus", true).body()).contains("chat_redis_errors_total{application=\"chat-service\",operation=\"heartbeat\"}");
            // The room-wide count is unknown while Redis is away (-1), this node's own count is still known.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(a.get("/actuator/prometheus", true).body())
                    .contains("chat_cluster_members{application=\"chat-service\"} -1.0")
                    .contains("chat_members{application=\"chat-service\"} 2.0"));
            alice.send("still here");
            assertThat(dan.receive()).isEqualTo("alice3 : still here");
            try (UdpMember late = a.member()) {
                assertThat(late.join("late3"))
                        .isEqualTo("FAIL the room is temporarily unavailable (its shared state cannot be reached); try again shortly");
            }

            redis.startAgain();
            awaitClusterUp(a);
            awaitClusterUp(b);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> members(b).keySet().containsAll(List.of("alice3", "dan3", "bob3")));
            // The relay's subscription comes back on its own: lines cross again.
            // Lines said before it is back are lost, so alice says one per try until one reaches bob; a /ping
            // of bob's marks the end of each look (a line still on its way is seen at the next).
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                alice.send("back");
                return receivedBeforePong(bob).contains("alice3 : back");
            });
            // Then every late "back" is passed over: the marker, said after them all, comes after them.
            alice.send("marker3");
            for (String datagram = bob.receive(); !datagram.equals("alice3 : marker3"); datagram = bob.receive()) {
                assertThat(datagram).isEqualTo("alice3 : back");
            }
            try (UdpMember impostor = b.member()) {
                assertThat(impostor.join("alice3")).as("names re-registered").isEqualTo("FAIL the name alice3 is taken");
            }
            for (UdpMember member : List.of(alice, dan, bob)) {
                leave(member);
            }
        }
    }

    @Test
    @Order(4)
    void aNodeKilledHardIsNoticedItsMembersLeaveOnceAndTheirNamesAreFree() throws Exception {
        try (ChatNode c = ChatNode.separateProcess("node-c", redis.port(), NODE_TIMEOUT);
                UdpMember bob = b.member(); UdpMember dave = c.member()) {
            awaitClusterUp(c);
            assertThat(bob.join("bob4")).isEqualTo("OK");
            assertThat(dave.join("dave4")).isEqualTo("OK");
            assertThat(bob.receive()).isEqualTo("dave4 entered the room");

            c.killHard();
            assertThat(bob.receive()).isEqualTo("dave4 left the room");
            try (UdpMember newcomer = a.member()) {
                assertThat(newcomer.join("dave4")).as("the dead node's names are free").isEqualTo("OK");
                assertThat(bob.receive()).as("the join's notice, after one left notice only").isEqualTo("dave4 entered the room");
                leave(newcomer);
            }
            assertThat(members(a).values()).noneMatch(where -> where.endsWith("node-c"));
            leave(bob);
        }
    }

    @Test
    @Order(5)
    void aNodeStoppedCleanlyFreesItsNamesAtOnceForAnotherNodeToAdmit() throws Exception {
        // A node timeout far beyond the test: only the clean stop can free the name in time.
        ChatNode c = ChatNode.inProcess("node-c5", redis.port(), Duration.ofMinutes(10));
        try (UdpMember erin = c.member(); UdpMember newcomer = a.member()) {
            awaitClusterUp(c);
            assertThat(erin.join("erin5")).isEqualTo("OK");
            assertThat(newcomer.join("erin5")).isEqualTo("FAIL the name erin5 is taken");
            c.close();
            assertThat(newcomer.join("erin5")).as("freed by the stop, not by a timeout").isEqualTo("OK");
            leave(newcomer);
        } finally {
            c.close();
        }
    }

    @Test
    @Order(6)
    void aNodeCutOffFromRedisIsTakenForDeadThenClaimsItsNamesBackWithoutASecondEnteredNotice() throws Exception {
        try (CuttableLink link = new CuttableLink(redis.port());
                ChatNode c = ChatNode.inProcess("node-c6", link.port(), NODE_TIMEOUT);
                UdpMember bob = b.member(); UdpMember carol = c.member()) {
            awaitClusterUp(c);
            assertThat(bob.join("bob6")).isEqualTo("OK");
            assertThat(carol.join("carol6")).isEqualTo("OK");
            assertThat(bob.receive()).isEqualTo("carol6 entered the room");

            link.cut();
            assertThat(bob.receive()).as("the others take node-c6 for dead").isEqualTo("carol6 left the room");
            await().atMost(Duration.ofSeconds(30)).until(() -> !members(b).containsKey("carol6"));

            link.mend();
            awaitClusterUp(c);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "node-c6".equals(nodeOf(members(b).get("carol6"))));
            // Carol talks until her lines cross again; nothing before them may be a second "entered".
            List<String> seen = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                carol.send("back");
                List<String> received = receivedBeforePong(bob);
                seen.addAll(received);
                return received.contains("carol6 : back");
            });
            assertThat(seen).as("claimed back without a notice").doesNotContain("carol6 entered the room")
                    .containsOnly("carol6 : back");
            try (UdpMember impostor = a.member()) {
                assertThat(impostor.join("carol6")).isEqualTo("FAIL the name carol6 is taken");
            }
            leave(bob);
            leave(carol);
        }
    }

    /** The node part of a member-list entry ("address node"), or null. */
    private static String nodeOf(String entry) {
        return entry == null ? null : entry.substring(entry.indexOf(' ') + 1);
    }
}
