package dev.netservices.chat.admin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.netservices.chat.UdpMember;
import dev.netservices.chat.udp.ChatServer;
import dev.netservices.common.time.ManualClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/** The admin API as an attacker tries it: a cross-site form with the admin's browser credentials, password guessing. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"chat.port=0", "chat.admin.password=test-secret", "chat.admin.failed-login-burst=3",
                "chat.admin.failed-login-refill=10s", "chat.admin.failed-login-account-burst=2",
                "chat.admin.failed-login-account-refill=60s", "chat.admin.max-body-size=8KB"})
class AdminHardeningTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private ChatServer server;

    @Autowired
    private ManualClock clock;

    @LocalServerPort
    private int httpPort;

    /** The throttle's refill happens when the test moves this clock. */
    @TestConfiguration
    static class AdminTime {
        @Bean
        ManualClock manualClock() {
            return new ManualClock();
        }
    }

    private HttpRequest.Builder as(String password, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(UTF_8)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a {@code <form enctype="text/plain">} on another site makes the admin's browser send. */
    private HttpRequest.Builder crossSiteForm(String body) {
        return as("test-secret", "/api/chat/broadcast").header("Content-Type", "text/plain").POST(BodyPublishers.ofString(body));
    }

    @Test
    void crossSiteRequestsWithTheAdminsCredentialsAreRefusedWhateverTheBody() throws Exception {
        try (UdpMember member = new UdpMember(server.port())) {
            member.join("watching");
            for (String body : new String[] {"hello=world\r\n", "no line end at all"}) {
                HttpResponse<String> byOrigin = send(crossSiteForm(body).header("Origin", "http://evil.example"));
                assertThat(byOrigin.statusCode()).isEqualTo(403);
                assertThat(byOrigin.headers().firstValue("Content-Type")).hasValue("application/problem+json;charset=UTF-8");
                assertThat(byOrigin.body()).contains("\"title\":\"Cross-site request refused\"").contains("evil.example");
                assertThat(send(crossSiteForm(body).header("Sec-Fetch-Site", "cross-site")).statusCode()).isEqualTo(403);
                assertThat(send(crossSiteForm(body).header("Sec-Fetch-Site", "same-site")).statusCode()).isEqualTo(403);
                assertThat(send(crossSiteForm(body).header("Origin", "null")).statusCode()).isEqualTo(403);
            }
            assertThat(send(as("test-secret", "/api/chat/members").header("Origin", "http://localhost:1")).statusCode())
                    .as("GET too, and another port is another origin").isEqualTo(403);
            member.receivesNothingBeforePong();

            assertThat(send(crossSiteForm("from the admin's own page").header("Origin", "http://localhost:" + httpPort)
                    .header("Sec-Fetch-Site", "same-origin")).statusCode()).isEqualTo(200);
            assertThat(member.receive()).isEqualTo("Admin announcement: from the admin's own page");
            assertThat(send(crossSiteForm("typed by hand").header("Sec-Fetch-Site", "none")).statusCode()).isEqualTo(200);
            assertThat(member.receive()).isEqualTo("Admin announcement: typed by hand");
            member.send("/quit");
        }
        assertThat(send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/actuator/health"))
                .header("Sec-Fetch-Site", "cross-site")).statusCode()).as("health stays public").isEqualTo(200);
    }

    @Test
    void wrongPasswordsAreLoggedWithoutThePasswordAndThrottledPerAddressThenPerAccountReserve(CapturedOutput output)
            throws Exception {
        clock.advance(Duration.ofMinutes(5)); // whatever another test left, the budgets are full again
        for (int i = 0; i < 3; i++) {
            assertThat(send(as("guess-" + i, "/api/chat/members")).statusCode()).isEqualTo(401);
        }
        assertThat(send(as("test-secret", "/api/chat/members")).statusCode())
                .as("a guesser sharing the admin's address spent its budget: the right password is still checked, from the account's reserve")
                .isEqualTo(200);
        for (int i = 3; i < 5; i++) {
            assertThat(send(as("guess-" + i, "/api/chat/members")).statusCode()).as("the reserve's two tries").isEqualTo(401);
        }
        HttpResponse<String> throttled = send(as("guess-5", "/api/chat/members"));
        assertThat(throttled.statusCode()).as("address and reserve spent: not checked").isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(throttled.body()).contains("Too many wrong admin credentials").contains("chat.admin.failed-login-burst")
                .contains("chat.admin.failed-login-account-burst");
        assertThat(send(as("test-secret", "/api/chat/members")).statusCode())
                .as("the guesser kept both spent: the admin waits too, until the address's next try").isEqualTo(429);
        assertThat(send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/api/chat/members")))
                .statusCode()).as("no credentials: the usual 401").isEqualTo(401);

        assertThat(output.getOut()).contains("wrong admin credentials from 127.0.0.1 for GET /api/chat/members")
                .doesNotContain("guess-").doesNotContain("test-secret");

        clock.advance(Duration.ofSeconds(10));
        assertThat(send(as("test-secret", "/api/chat/members")).statusCode()).as("a right password costs no try").isEqualTo(200);
        assertThat(send(as("test-secret", "/api/chat/members")).statusCode()).isEqualTo(200);
        assertThat(send(as("guess-6", "/api/chat/members")).statusCode()).isEqualTo(401);
        assertThat(send(as("guess-7", "/api/chat/members")).statusCode()).as("one try refilled, one spent").isEqualTo(429);
        clock.advance(Duration.ofMinutes(5));
    }

    @Test
    void aBodyPastTheLimitIsRefusedWith413BeforeItIsRead() throws Exception {
        clock.advance(Duration.ofMinutes(5));
        HttpResponse<String> declared = send(as("test-secret", "/api/chat/broadcast").header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofByteArray(new byte[1_000_000])));
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(declared.body()).contains("Request body too large").contains("1000000 bytes").contains("8192 bytes")
                .contains("chat.admin.max-body-size");

        // Chunked, with no length to judge by: read up to the limit, then refused.
        byte[] json = ("{\"message\":\"" + "x".repeat(200_000) + "\"}").getBytes(UTF_8);
        HttpResponse<String> streamed = send(as("test-secret", "/api/chat/broadcast").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(json))));
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(streamed.body()).contains("Request body too large").contains("8192 bytes");

        HttpResponse<String> small = send(as("test-secret", "/api/chat/broadcast").header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("x".repeat(8000))));
        assertThat(small.statusCode()).as("under the limit: read and sent").isEqualTo(200);
    }

    @Test
    void aChunkedBodyPastTheLimitIs413OnEveryAdminEndpointAndAWrongTypeNamesItsField() throws Exception {
        clock.advance(Duration.ofMinutes(5));
        byte[] ban = ("{\"name\":\"mallory\",\"minutes\":5,\"reason\":\"" + "x".repeat(200_000) + "\"}").getBytes(UTF_8);
        for (String path : new String[] {"/api/chat/bans", "/api/chat/mutes", "/api/chat/rooms/ops/broadcast"}) {
            HttpResponse<String> streamed = send(as("test-secret", path).header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(ban))));
            assertThat(streamed.statusCode()).as(path).isEqualTo(413);
            assertThat(streamed.body()).as(path).contains("Request body too large").contains("8192 bytes")
                    .contains("chat.admin.max-body-size");
        }
        for (String minutes : new String[] {"2147483648", "true", "[5]", "30.5", "\"30\""}) {
            HttpResponse<String> wrong = send(as("test-secret", "/api/chat/bans").header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString("{\"name\":\"mallory\",\"minutes\":" + minutes + "}")));
            assertThat(wrong.statusCode()).as(minutes).isEqualTo(400);
            assertThat(wrong.body()).as(minutes).contains("Unreadable request body").contains("\\\"minutes\\\"");
        }
        HttpResponse<String> reason = send(as("test-secret", "/api/chat/bans").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"mallory\",\"minutes\":5,\"reason\":5}")));
        assertThat(reason.statusCode()).isEqualTo(400);
        assertThat(reason.body()).contains("\\\"reason\\\"");
        HttpResponse<String> message = send(as("test-secret", "/api/chat/broadcast").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"message\":5}")));
        assertThat(message.statusCode()).as("a number is not an announcement").isEqualTo(400);
        assertThat(message.body()).contains("\\\"message\\\"");
        assertThat(send(as("test-secret", "/api/chat/bans")).body()).as("nothing was set").isEqualTo("[]");
    }

    @Test
    void anAnnouncementThatIsNotValidTextIsRefusedNotPatchedWithReplacementCharacters() throws Exception {
        clock.advance(Duration.ofMinutes(5));
        try (UdpMember member = new UdpMember(server.port())) {
            member.join("reader2");
            for (String path : new String[] {"/api/chat/broadcast", "/api/chat/rooms/lobby/broadcast"}) {
                HttpResponse<String> bytes = send(as("test-secret", path).header("Content-Type", "text/plain")
                        .POST(BodyPublishers.ofByteArray(new byte[] {'o', 'k', ' ', (byte) 0xC3, '('})));
                assertThat(bytes.statusCode()).as(path).isEqualTo(400);
                assertThat(bytes.body()).as(path).contains("Announcement is not valid text").contains("byte 0xC3 at offset 3");
                HttpResponse<String> surrogate = send(as("test-secret", path).header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString("{\"message\":\"ok \\ud800x\"}")));
                assertThat(surrogate.statusCode()).as(path).isEqualTo(400);
                assertThat(surrogate.body()).as(path).contains("Announcement is not valid text").contains("U+D800");
            }
            member.receivesNothingBeforePong();
            assertThat(send(as("test-secret", "/api/chat/broadcast").header("Content-Type", "text/plain; charset=ISO-8859-1")
                    .POST(BodyPublishers.ofByteArray(new byte[] {'c', 'a', 'f', (byte) 0xE9}))).statusCode())
                    .as("a charset the Content-Type names is honoured").isEqualTo(200);
            assertThat(member.receive()).isEqualTo("Admin announcement: café");
            member.send("/quit");
        }
    }

    @Test
    void anAnnouncementWithBidiControlsOrOtherFormatCharactersIsRefusedWithTheReason() throws Exception {
        clock.advance(Duration.ofMinutes(5));
        try (UdpMember member = new UdpMember(server.port())) {
            member.join("reader");
            for (String text : new String[] {"Admin: all fine \u202Eevil", "zero\u200Bwidth", "isolate \u2066x\u2069"}) {
                HttpResponse<String> refused = send(as("test-secret", "/api/chat/broadcast").header("Content-Type", "text/plain")
                        .POST(BodyPublishers.ofString(text, UTF_8)));
                assertThat(refused.statusCode()).isEqualTo(400);
                assertThat(refused.body()).contains("Format characters in announcement").contains("U+");
            }
            member.receivesNothingBeforePong();
            assertThat(send(as("test-secret", "/api/chat/broadcast").header("Content-Type", "text/plain")
                    .POST(BodyPublishers.ofString("coders 👩\u200D💻 welcome", UTF_8))).statusCode())
                    .as("the zero-width joiner of an emoji sequence is allowed").isEqualTo(200);
            assertThat(member.receive()).isEqualTo("Admin announcement: coders 👩\u200D💻 welcome");
            member.send("/quit");
        }
    }

    @Test
    void rightCredentialsGiveTheirTryBackSoOnlyWrongOnesSpendTheBudget() throws Exception {
        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 10; i++) {
            assertThat(send(as("test-secret", "/api/chat/members")).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(send(as("wrong-" + i, "/api/chat/members")).statusCode()).as("3 from the address, 2 from the reserve")
                    .isEqualTo(401);
        }
        assertThat(send(as("test-secret", "/api/chat/members")).statusCode()).isEqualTo(429);
        clock.advance(Duration.ofMinutes(5));
    }
}
