package dev.netservices.chat.admin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.UdpMember;
import dev.netservices.chat.udp.ChatServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The admin REST API over real HTTP, its effects seen by real UDP members. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"chat.port=0", "chat.admin.password=test-secret"})
class AdminApiTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private ChatServer server;

    @LocalServerPort
    private int httpPort;

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path));
    }

    private HttpRequest.Builder asAdmin(String path) {
        return request(path).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(UTF_8)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutOrWithWrongCredentialsEveryAdminCallIs401() throws Exception {
        assertThat(send(request("/api/chat/members")).statusCode()).isEqualTo(401);
        assertThat(send(request("/api/chat/broadcast").header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("hi"))).statusCode()).isEqualTo(401);
        assertThat(send(request("/api/chat/members/x").DELETE()).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = send(request("/api/chat/members").header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("admin:guess".getBytes(UTF_8))));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(send(request("/actuator/metrics")).statusCode()).isEqualTo(401);
    }

    @Test
    void anAnnouncementAsJsonOrPlainTextReachesEveryMember() throws Exception {
        try (UdpMember a = new UdpMember(server.port()); UdpMember b = new UdpMember(server.port())) {
            a.join("announce_a");
            b.join("announce_b");
            a.receive();

            HttpResponse<String> json = send(asAdmin("/api/chat/broadcast").header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString("{\"message\": \"server restarts at 18:00\"}")));
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.body()).matches("\\{\"recipients\":\\d+}");
            assertThat(a.receive()).isEqualTo("Admin announcement: server restarts at 18:00");
            assertThat(b.receive()).isEqualTo("Admin announcement: server restarts at 18:00");

            HttpResponse<String> text = send(asAdmin("/api/chat/broadcast").header("Content-Type", "text/plain; charset=UTF-8")
                    .POST(BodyPublishers.ofString("欢迎大家", UTF_8)));
            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(a.receive()).isEqualTo("Admin announcement: 欢迎大家");
            assertThat(b.receive()).isEqualTo("Admin announcement: 欢迎大家");
            a.send("/quit");
            b.send("/quit");
        }
    }

    @Test
    void emptyOrOverlongAnnouncementsAre400WithAProblemDetail() throws Exception {
        HttpResponse<String> empty = send(asAdmin("/api/chat/broadcast").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"message\": \"  \"}")));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(empty.body()).contains("\"title\":\"Empty announcement\"").contains("\"status\":400");

        HttpResponse<String> missing = send(asAdmin("/api/chat/broadcast").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{}")));
        assertThat(missing.statusCode()).isEqualTo(400);

        HttpResponse<String> noBody = send(asAdmin("/api/chat/broadcast").header("Content-Type", "text/plain")
                .POST(BodyPublishers.noBody()));
        assertThat(noBody.statusCode()).isEqualTo(400);

        HttpResponse<String> tooLong = send(asAdmin("/api/chat/broadcast").header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("x".repeat(8193))));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("Announcement too long").contains("at most 8192");

        HttpResponse<String> badJson = send(asAdmin("/api/chat/broadcast").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"message\": ")));
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).contains("\"status\":400");
    }

    @Test
    void membersAreListedAndOneCanBeRemovedWithANoticeToTheRoom() throws Exception {
        try (UdpMember stays = new UdpMember(server.port()); UdpMember goes = new UdpMember(server.port())) {
            stays.join("list_stays");
            goes.join("list_goes");
            stays.receive();

            HttpResponse<String> list = send(asAdmin("/api/chat/members"));
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("\"name\":\"list_goes\"")
                    .contains("\"address\":\"127.0.0.1:" + goes.localPort() + "\"")
                    .contains("\"joinedAt\":").contains("\"lastSeen\":");

            assertThat(send(asAdmin("/api/chat/members/LIST_GOES").DELETE()).statusCode()).isEqualTo(204);
            assertThat(goes.receive()).isEqualTo("you were removed from the room by the admin");
            assertThat(stays.receive()).isEqualTo("list_goes was removed by the admin");
            assertThat(goes.send("still here").receive()).startsWith("ERROR not in the room");

            HttpResponse<String> unknown = send(asAdmin("/api/chat/members/list_goes").DELETE());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("No such member");
            stays.send("/quit");
        }
    }
}
