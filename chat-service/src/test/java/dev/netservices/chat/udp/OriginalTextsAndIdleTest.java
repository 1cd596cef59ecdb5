package dev.netservices.chat.udp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.UdpMember;
import dev.netservices.chat.room.MemberView;
import dev.netservices.chat.room.Moderation;
import dev.netservices.common.time.ManualClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * {@code chat.locale=zh-CN} reproduces the original program's texts byte for byte; idle members are removed. The
 * announcement and the idle sweep enter the flow off the receive path, and still leave from the chat port (the
 * members' sockets are connected to it and would drop anything from another port).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"chat.port=0", "chat.admin.password=test-secret",
        "chat.locale=zh-CN", "chat.idle-timeout=1s"})
class OriginalTextsAndIdleTest {

    @Autowired
    private ChatServer server;

    @Autowired
    private Moderation moderation;

    @LocalServerPort
    private int httpPort;

    @Autowired
    private ManualClock clock;

    /** Idle time passes when the test moves this clock, not while it sleeps. */
    @TestConfiguration
    static class RoomTime {
        @Bean
        ManualClock manualClock() {
            return new ManualClock();
        }
    }

    @Test
    void chineseTextsAreTheOriginalsByteForByte() {
        try (UdpMember xiaoming = new UdpMember(server.port()); UdpMember xiaohong = new UdpMember(server.port())) {
            assertThat(xiaoming.send("L 小明").receiveBytes()).isEqualTo("OK".getBytes(UTF_8));
            assertThat(xiaohong.send("L 小红").receiveBytes()).isEqualTo("OK".getBytes(UTF_8));
            assertThat(xiaoming.receiveBytes()).isEqualTo("欢迎 小红 进入聊天室".getBytes(UTF_8));
            xiaohong.send("C 小红 大家好");
            assertThat(xiaoming.receiveBytes()).isEqualTo("小红 : 大家好".getBytes(UTF_8));
            assertThat(announce("今晚十点停机").statusCode()).isEqualTo(200);
            assertThat(xiaoming.receiveBytes()).isEqualTo("管理员消息：今晚十点停机".getBytes(UTF_8));
            assertThat(xiaohong.receiveBytes()).isEqualTo("管理员消息：今晚十点停机".getBytes(UTF_8));
            assertThat(xiaohong.send("Q 小红").receive()).isEqualTo("EXIT");
            assertThat(xiaoming.receiveBytes()).isEqualTo("小红 退出聊天室".getBytes(UTF_8));
            xiaoming.send("Q 小明").receive();
        }
    }

    @Test
    void aSilentMemberIsRemovedAfterTheIdleTimeoutWhileOnePingingStays() {
        try (UdpMember silent = new UdpMember(server.port()); UdpMember pinging = new UdpMember(server.port())) {
            silent.join("沉默者");
            pinging.join("活跃者");
            silent.receive();
            // A ping 600 ms into the room's time keeps a member alive; at 1.2 s the silent one is past the 1 s
            // timeout (the sweep, every 250 ms, removes it) and the pinging one is not.
            clock.advance(Duration.ofMillis(600));
            assertThat(pinging.send("/ping").receive()).isEqualTo("PONG");
            clock.advance(Duration.ofMillis(600));
            String notice = pinging.receive();
            assertThat(notice).isEqualTo("沉默者 沉默 1s，已被移出聊天室");
            assertThat(silent.receive()).isEqualTo("你沉默了 1s，已被移出聊天室；用 L <名字> 重新进入");
            assertThat(moderation.members()).extracting(MemberView::name).containsExactly("活跃者");
            pinging.send("/quit");
        }
    }

    private HttpResponse<String> announce(String text) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/api/chat/broadcast"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(UTF_8)))
                    .header("Content-Type", "text/plain; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(text, UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
