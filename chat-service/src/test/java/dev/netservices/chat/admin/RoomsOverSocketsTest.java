package dev.netservices.chat.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.UdpMember;
import dev.netservices.chat.udp.ChatServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Rooms, private messages, history, pasted lines and the admin's rooms, bans and mutes on one node, through the real
 * UDP port and the real HTTP API. Each test uses names and rooms of its own: they share one server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"chat.port=0", "chat.admin.password=test-secret", "chat.history.lines=2",
                "chat.flood.stranger-burst=10000", "chat.flood.stranger-refill=100us"})
class RoomsOverSocketsTest {


    @Autowired
    private ChatServer server;

    @LocalServerPort
    private int httpPort;

    private HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return AdminApi.call(httpPort, method, path, json);
    }

    /** Joins and skips the lobby's history (the other tests' lines), up to the answer to a ping sent after. */
    private static void joinAndSkipHistory(UdpMember member, String name, String lineEnd) {
        assertThat(member.send("L " + name + lineEnd).receive()).isEqualTo("OK" + lineEnd);
        member.send("/ping" + lineEnd);
        while (!member.receive().equals("PONG" + lineEnd)) {
            // a replayed line
        }
    }

    @Test
    void netcatMembersMoveBetweenRoomsTalkPrivatelyAndGetTheRoomsHistory() {
        try (UdpMember ann = new UdpMember(server.port()); UdpMember ben = new UdpMember(server.port());
                UdpMember cat = new UdpMember(server.port())) {
            joinAndSkipHistory(ann, "ann", "\n");
            joinAndSkipHistory(ben, "ben", "\n");
            assertThat(ann.receive()).isEqualTo("ben entered the room\n");
            assertThat(ann.send("/join #team\n").receive()).isEqualTo("OK #team\n");
            assertThat(ben.receive()).isEqualTo("ann left #lobby\n");
            ann.send("first\nsecond\nthird\n");
            ann.receivesNothingBeforePong(); // the paste was handled before ben moves
            assertThat(ben.send("/join #TEAM\n").receive()).isEqualTo("OK #TEAM\n");
            assertThat(ben.receive()).matches("\\(history \\S+Z\\) ann : second\n");
            assertThat(ben.receive()).matches("\\(history \\S+Z\\) ann : third\n");
            assertThat(ann.receive()).as("ann's last datagram, the /ping, had no line end").isEqualTo("ben entered #TEAM");
            joinAndSkipHistory(cat, "cat", "");
            cat.send("lobby line");
            ann.receivesNothingBeforePong();
            assertThat(ben.send("/who\n").receive()).isEqualTo("members (2): ann, ben\n");
            assertThat(ben.send("/rooms\n").receive()).startsWith("rooms (").contains("#team 2");
            cat.send("/msg ANN are you there?");
            assertThat(ann.receive()).isEqualTo("(private) cat : are you there?");
            assertThat(cat.send("/msg nobody-here hi").receive()).isEqualTo("ERROR nobody called nobody-here is in any room");
            ben.receivesNothingBeforePong();
            assertThat(cat.send("/join #bad.name").receive()).startsWith("ERROR bad room name #bad.name");
            assertThat(cat.send("one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n").receive())
                    .isEqualTo("ERROR too many lines in one datagram: at most 10\n");
            assertThat(ann.send("/part\n").receive()).isEqualTo("OK #lobby\n");
            assertThat(ann.receive()).matches("\\(history \\S+Z\\) cat : lobby line\n");
        }
    }

    @Test
    void theAdminBroadcastsToOneRoomListsRoomsAndKicksWithAReason() throws Exception {
        try (UdpMember dan = new UdpMember(server.port()); UdpMember eve = new UdpMember(server.port())) {
            joinAndSkipHistory(dan, "dan", "");
            assertThat(dan.send("/join #night").receive()).isEqualTo("OK #night");
            joinAndSkipHistory(eve, "eve", "");
            HttpResponse<String> toRoom = admin("POST", "/api/chat/rooms/night/broadcast", "{\"message\": \"lights out\"}");
            assertThat(toRoom.statusCode()).isEqualTo(200);
            assertThat(toRoom.body()).isEqualTo("{\"recipients\":1}");
            assertThat(dan.receive()).isEqualTo("Admin announcement: lights out");
            eve.receivesNothingBeforePong();
            assertThat(admin("POST", "/api/chat/rooms/no.dots/broadcast", "{\"message\": \"x\"}").statusCode()).isEqualTo(400);
            assertThat(admin("GET", "/api/chat/rooms", null).body()).contains("{\"room\":\"#night\",\"members\":1}");
            assertThat(admin("DELETE", "/api/chat/members/dan?reason=bedtime", null).statusCode()).isEqualTo(204);
            assertThat(dan.receive()).isEqualTo("you were removed from the room by the admin: bedtime");
        }
    }

    @Test
    void bansByNameAndAddressKeepJoinsOutWithTheReasonAndMutesRefuseLines() throws Exception {
        try (UdpMember fay = new UdpMember(server.port()); UdpMember gus = new UdpMember(server.port())) {
            joinAndSkipHistory(fay, "fay", "");
            assertThat(fay.send("/join #bans").receive()).isEqualTo("OK #bans");
            joinAndSkipHistory(gus, "gus", "");
            assertThat(gus.send("/join #bans").receive()).isEqualTo("OK #bans");
            assertThat(fay.receive()).isEqualTo("gus entered #bans");
            HttpResponse<String> mute = admin("POST", "/api/chat/mutes", "{\"name\": \"GUS\", \"minutes\": 5, \"reason\": \"shouting\"}");
            assertThat(mute.statusCode()).isEqualTo(201);
            assertThat(mute.headers().firstValue("Location")).hasValue("/api/chat/mutes/GUS");
            // The time left is rounded up to the second: "5m" unless a second went by.
            assertThat(gus.send("HELLO").receive()).matches("ERROR you are muted: shouting \\((5m|4m\\d+s) left\\)");
            assertThat(admin("GET", "/api/chat/mutes", null).body()).contains("\"name\":\"GUS\"").contains("\"by\":\"admin\"");
            assertThat(admin("DELETE", "/api/chat/mutes/gus", null).statusCode()).isEqualTo(204);
            assertThat(admin("DELETE", "/api/chat/mutes/gus", null).statusCode()).isEqualTo(404);
            gus.send("hello");
            assertThat(fay.receive()).isEqualTo("gus : hello");

            HttpResponse<String> ban = admin("POST", "/api/chat/bans", "{\"name\": \"gus\", \"minutes\": 60, \"reason\": \"spam\"}");
            assertThat(ban.statusCode()).isEqualTo(201);
            assertThat(gus.receive()).matches("you were removed from the room by the admin and banned: spam \\((1h|59m\\d+s) left\\)");
            assertThat(fay.receive()).isEqualTo("gus was removed by the admin");
            assertThat(gus.join("gus")).matches("FAIL you are banned: spam \\((1h|59m\\d+s) left\\)");
            assertThat(admin("DELETE", "/api/chat/bans/name/Gus", null).statusCode()).isEqualTo(204);
            joinAndSkipHistory(gus, "gus", "");

            assertThat(admin("POST", "/api/chat/bans", "{\"address\": \"::1\", \"minutes\": 1}").statusCode()).isEqualTo(201);
            assertThat(admin("GET", "/api/chat/bans", null).body()).contains("\"address\":\"0:0:0:0:0:0:0:1\"");
            assertThat(admin("DELETE", "/api/chat/bans/address/::1", null).statusCode()).isEqualTo(204);
            for (String bad : new String[] {"{\"minutes\": 5}", "{\"name\": \"a\", \"address\": \"127.0.0.1\", \"minutes\": 5}",
                    "{\"name\": \"a b\", \"minutes\": 5}", "{\"name\": \"a\"}", "{\"name\": \"a\", \"minutes\": 0}",
                    "{\"address\": \"example.com\", \"minutes\": 5}", "{\"name\": \"a\", \"minutes\": 5, \"reason\": \"two\\nlines\"}"}) {
                HttpResponse<String> refused = admin("POST", "/api/chat/bans", bad);
                assertThat(refused.statusCode()).as(bad).isEqualTo(400);
                assertThat(refused.body()).as(bad).contains("\"title\":\"Bad ban or mute\"");
            }
        }
    }
}
