package dev.netservices.chat.udp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.UdpMember;
import dev.netservices.chat.room.Room;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** {@code chat.locale=zh-CN} reproduces the original program's texts byte for byte; idle members are removed. */
@SpringBootTest(properties = {"chat.port=0", "chat.admin.password=test-secret", "chat.locale=zh-CN",
        "chat.idle-timeout=1s"})
class OriginalTextsAndIdleTest {

    @Autowired
    private ChatServer server;

    @Autowired
    private Room room;

    @Test
    void chineseTextsAreTheOriginalsByteForByte() {
        try (UdpMember xiaoming = new UdpMember(server.port()); UdpMember xiaohong = new UdpMember(server.port())) {
            assertThat(xiaoming.send("L 小明").receiveBytes()).isEqualTo("OK".getBytes(UTF_8));
            assertThat(xiaohong.send("L 小红").receiveBytes()).isEqualTo("OK".getBytes(UTF_8));
            assertThat(xiaoming.receiveBytes()).isEqualTo("欢迎 小红 进入聊天室".getBytes(UTF_8));
            xiaohong.send("C 小红 大家好");
            assertThat(xiaoming.receiveBytes()).isEqualTo("小红 : 大家好".getBytes(UTF_8));
            room.announce("今晚十点停机");
            assertThat(xiaoming.receiveBytes()).isEqualTo("管理员消息：今晚十点停机".getBytes(UTF_8));
            assertThat(xiaohong.receiveBytes()).isEqualTo("管理员消息：今晚十点停机".getBytes(UTF_8));
            assertThat(xiaohong.send("Q 小红").receive()).isEqualTo("EXIT");
            assertThat(xiaoming.receiveBytes()).isEqualTo("小红 退出聊天室".getBytes(UTF_8));
            xiaoming.send("Q 小明").receive();
        }
    }

    @Test
    void aSilentMemberIsRemovedAfterTheIdleTimeoutWhileOnePingingStays() throws InterruptedException {
        try (UdpMember silent = new UdpMember(server.port()); UdpMember pinging = new UdpMember(server.port())) {
            silent.join("沉默者");
            pinging.join("活跃者");
            silent.receive();
            long start = System.nanoTime();
            // A ping every 300 ms keeps a member alive; the silent one goes after 1 s (+ up to a sweep period).
            String notice = null;
            while (notice == null && System.nanoTime() - start < Duration.ofSeconds(8).toNanos()) {
                String reply = pinging.send("/ping").receive();
                if (reply.equals("PONG")) {
                    Thread.sleep(300); // the member's own pace, not a wait for a result
                    continue;
                }
                notice = reply;
            }
            assertThat(notice).isEqualTo("沉默者 沉默 1s，已被移出聊天室");
            assertThat(silent.receive()).isEqualTo("你沉默了 1s，已被移出聊天室；用 L <名字> 重新进入");
            assertThat(room.members()).extracting(Room.MemberView::name).containsExactly("活跃者");
            pinging.send("/quit");
        }
    }
}
