package dev.netservices.chat.room;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.netservices.chat.observability.ChatMetrics;
import dev.netservices.common.time.ManualClock;

import org.springframework.context.support.ResourceBundleMessageSource;

/** The room's rules without sockets: what each member is sent is recorded by {@link RecordingDelivery}. */
class ChatRoomTest {

    /** The room's output port, recording instead of sending. */
    static class RecordingDelivery implements Delivery {
        final List<String> sent = new ArrayList<>();

        @Override
        public void toMembers(byte[] payload, Member[] members, Member except) {
            Arrays.stream(members).filter(m -> m != except).forEach(m -> toMember(payload, m));
        }

        @Override
        public void toMember(byte[] payload, Member member) {
            sent.add(member.name() + " <- " + new String(payload, UTF_8));
        }

        List<String> take() {
            List<String> taken = List.copyOf(sent);
            sent.clear();
            return taken;
        }
    }

    private final RecordingDelivery delivery = new RecordingDelivery();
    private final ManualClock clock = new ManualClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    private ChatRoom room(Locale locale, int maxMembers) {
        ChatLimits limits = new ChatLimits(maxMembers, Duration.ofMinutes(5), 200, 3, 1, 1000, 1000, 10000);
        return new ChatRoom(new RoomTexts(messages(), locale), delivery, new ChatMetrics(registry), limits, clock);
    }

    private ChatRoom room() {
        return room(Locale.ENGLISH, 10);
    }

    private static InetSocketAddress at(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }


    @Test
    void theOthersAreToldOfEveryJoinMessageAndLeave() {
        ChatRoom room = room();
        assertThat(room.handle(at(1), new ChatCommand.Join("alice"), false)).contains("OK");
        assertThat(delivery.take()).isEmpty();
        assertThat(room.handle(at(2), new ChatCommand.Join("bob"), false)).contains("OK");
        assertThat(delivery.take()).containsExactly("alice <- bob entered the room");
        assertThat(room.handle(at(2), new ChatCommand.Say("bob", "hi"), false)).isEmpty();
        assertThat(delivery.take()).containsExactly("alice <- bob : hi");
        assertThat(room.handle(at(1), new ChatCommand.Talk("hello"), false)).isEmpty();
        assertThat(delivery.take()).containsExactly("bob <- alice : hello");
        assertThat(room.handle(at(2), new ChatCommand.Leave("BOB"), false)).contains("EXIT");
        assertThat(delivery.take()).containsExactly("alice <- bob left the room");
        assertThat(room.size()).isEqualTo(1);
    }

    @Test
    void aMemberThatSendsLinesIsSentLinesAndTheOriginalClientBareTexts() {
        RecordingDelivery preferences = new RecordingDelivery() {
            @Override
            public void toMember(byte[] payload, Member member) {
                sent.add(member.name() + (member.wantsLineEnds() ? " gets lines" : " gets bare texts"));
            }
        };
        ChatRoom room = new ChatRoom(new RoomTexts(messages(), Locale.ENGLISH), preferences, new ChatMetrics(registry),
                new ChatLimits(10, Duration.ofMinutes(5), 200, 3, 1, 1000, 1000, 10000), clock);
        room.handle(at(1), new ChatCommand.Join("original"), false);
        room.handle(at(2), new ChatCommand.Join("netcat"), true);
        room.announce("x");
        assertThat(preferences.take()).containsExactly("original gets bare texts", "original gets bare texts",
                "netcat gets lines");
    }

    @Test
    void theAdminAnnouncementReachesEveryMember() {
        ChatRoom room = room();
        room.handle(at(1), new ChatCommand.Join("alice"), false);
        room.handle(at(2), new ChatCommand.Join("bob"), false);
        delivery.take();
        assertThat(room.announce("maintenance at noon")).isEqualTo(new Announcement.Sent(2));
        assertThat(delivery.take()).containsExactly("alice <- Admin announcement: maintenance at noon",
                "bob <- Admin announcement: maintenance at noon");
    }

    @Test
    void anAnnouncementIsOneLineWithTextThatFitsADatagramOrIsRefusedWithTheRule() {
        ChatRoom room = room();
        room.handle(at(1), new ChatCommand.Join("alice"), false);
        assertThat(room.announce("  ")).isEqualTo(new Announcement.Refused(Announcement.Rule.EMPTY, "The announcement has no text."));
        assertThat(room.announce(null)).isInstanceOf(Announcement.Refused.class);
        assertThat(room.announce("x".repeat(201))).isEqualTo(new Announcement.Refused(Announcement.Rule.TOO_LONG,
                "The announcement has 201 bytes of UTF-8; at most 200 fit one datagram (chat.max-datagram-bytes)."));
        assertThat(room.announce("two\nlines")).extracting(a -> ((Announcement.Refused) a).rule())
                .isEqualTo(Announcement.Rule.CONTROL_CHARACTERS);
        assertThat(delivery.take()).as("nothing refused is sent").isEmpty();
        assertThat(room.announce("tab\tis fine")).isEqualTo(new Announcement.Sent(1));
    }

    @Test
    void originalChineseTextsAreReproducedExactly() {
        ChatRoom room = room(Locale.forLanguageTag("zh-CN"), 10);
        room.handle(at(1), new ChatCommand.Join("小明"), false);
        room.handle(at(2), new ChatCommand.Join("小红"), false);
        room.handle(at(2), new ChatCommand.Say("小红", "你好"), false);
        room.announce("今晚停机");
        room.handle(at(2), new ChatCommand.Leave("小红"), false);
        assertThat(delivery.take()).containsExactly("小明 <- 欢迎 小红 进入聊天室", "小明 <- 小红 : 你好",
                "小明 <- 管理员消息：今晚停机", "小红 <- 管理员消息：今晚停机", "小明 <- 小红 退出聊天室");
    }

    @Test
    void aFullRoomRefusesTheNextJoinAndSaysSo() {
        ChatRoom room = room(Locale.ENGLISH, 2);
        room.handle(at(1), new ChatCommand.Join("a"), false);
        room.handle(at(2), new ChatCommand.Join("b"), false);
        assertThat(room.handle(at(3), new ChatCommand.Join("c"), false)).contains("FAIL the room is full (2 members)");
        room.handle(at(2), new ChatCommand.Quit(), false);
        assertThat(room.handle(at(3), new ChatCommand.Join("c"), false)).contains("OK");
    }

    @Test
    void namesAreUniqueCaseInsensitivelyAndFollowTheNameRule() {
        ChatRoom room = room();
        room.handle(at(1), new ChatCommand.Join("Alice"), false);
        assertThat(room.handle(at(2), new ChatCommand.Join("aLICE"), false)).contains("FAIL the name aLICE is taken");
        assertThat(room.handle(at(2), new ChatCommand.Join("x".repeat(32)), false)).contains("OK");
        assertThat(room.handle(at(3), new ChatCommand.Join("y".repeat(33)), false)).contains("FAIL a name has 1 to 32 characters");
        assertThat(room.handle(at(3), new ChatCommand.Join(""), false))
                .contains("FAIL a name has 1 to 32 characters");
        assertThat(room.handle(at(3), new ChatCommand.Join("a.b"), false))
                .contains("FAIL a name may contain only letters, digits, _ and -");
        assertThat(room.handle(at(3), new ChatCommand.Join("王_5-x"), false)).contains("OK");
    }

    @Test
    void namesAreTheSameAfterNfkcAndCaseFoldingAndFormatCharactersAreRefusedWithTheReason() {
        ChatRoom room = room();
        assertThat(room.handle(at(1), new ChatCommand.Join("admin"), false)).contains("OK");
        assertThat(room.handle(at(2), new ChatCommand.Join("\uFF41dmin"), false)).contains("FAIL the name \uFF41dmin is taken");
        assertThat(room.handle(at(2), new ChatCommand.Join("ＡＤＭＩＮ"), false)).contains("FAIL the name ＡＤＭＩＮ is taken");
        assertThat(room.handle(at(2), new ChatCommand.Join("straße"), false)).contains("OK");
        assertThat(room.handle(at(3), new ChatCommand.Join("STRASSE"), false)).contains("FAIL the name STRASSE is taken");
        assertThat(room.handle(at(3), new ChatCommand.Join("ali\u200Bce"), false)).contains(
                "FAIL a name may not contain invisible formatting characters such as U+200B (direction or zero-width marks)");
        assertThat(room.handle(at(3), new ChatCommand.Join("\u202Enimda"), false)).contains(
                "FAIL a name may not contain invisible formatting characters such as U+202E (direction or zero-width marks)");
        assertThat(room.remove("\uFF21DMIN")).as("the admin API finds a member by any form of the name").isTrue();
    }

    @Test
    void onlyTheJoiningAddressSpeaksOrLeavesUnderAName() {
        ChatRoom room = room();
        room.handle(at(1), new ChatCommand.Join("alice"), false);
        room.handle(at(2), new ChatCommand.Join("bob"), false);
        delivery.take();
        assertThat(room.handle(at(2), new ChatCommand.Say("alice", "fake"), false)).contains(
                "ERROR you are in the room as bob: C and Q must name you");
        assertThat(room.handle(at(3), new ChatCommand.Leave("alice"), false)).contains(
                "ERROR not in the room: join first with L <name> or /join <name>");
        assertThat(delivery.take()).isEmpty();
        assertThat(room.size()).isEqualTo(2);
        assertThat(registry.get("chat.errors").tag("kind", "impersonation").counter().count()).isEqualTo(1);
    }

    @Test
    void aMemberSilentForTheIdleTimeoutIsRemovedAndTheOthersAreTold() {
        ChatRoom room = room();
        room.handle(at(1), new ChatCommand.Join("sleepy"), false);
        room.handle(at(2), new ChatCommand.Join("chatty"), false);
        delivery.take();
        clock.advance(Duration.ofMinutes(3));
        room.handle(at(2), new ChatCommand.Ping(), false);
        room.handle(at(1), new ChatCommand.Invalid(ChatCommand.Problem.UNKNOWN, "/x"), false);
        clock.advance(Duration.ofMinutes(4));
        assertThat(room.removeIdle()).isEmpty();
        room.handle(at(1), new ChatCommand.Ping(), false);
        clock.advance(Duration.ofMinutes(2));
        assertThat(room.removeIdle()).extracting(Member::name).containsExactly("chatty");
        assertThat(delivery.take()).containsExactly(
                "chatty <- you were removed from the room after 5m of silence; join again with L <name>",
                "sleepy <- chatty was removed after 5m of silence");
    }

    @Test
    void theTokenBucketAnswersFloodsWithAnErrorAndRefillsOverTime() {
        ChatRoom room = room();
        room.handle(at(1), new ChatCommand.Join("fast"), false);
        // A burst of 3, refilled at 1 per second; the join itself came from a stranger and took none.
        assertThat(room.handle(at(1), new ChatCommand.Ping(), false)).contains("PONG");
        assertThat(room.handle(at(1), new ChatCommand.Ping(), false)).contains("PONG");
        assertThat(room.handle(at(1), new ChatCommand.Ping(), false)).contains("PONG");
        assertThat(room.handle(at(1), new ChatCommand.Ping(), false))
                .contains("ERROR too many datagrams: at most 1 per second in bursts of 3; slow down");
        clock.advance(Duration.ofMillis(1100));
        assertThat(room.handle(at(1), new ChatCommand.Ping(), false)).contains("PONG");
        assertThat(registry.get("chat.errors").tag("kind", "flood").counter().count()).isEqualTo(1);
    }

    @Test
    void theAdminRemovesAMemberWhoIsToldAsIsTheRoom() {
        ChatRoom room = room();
        room.handle(at(1), new ChatCommand.Join("troll"), false);
        room.handle(at(2), new ChatCommand.Join("nice"), false);
        delivery.take();
        assertThat(room.remove("TROLL")).isTrue();
        assertThat(room.remove("nobody")).isFalse();
        assertThat(delivery.take()).containsExactly("troll <- you were removed from the room by the admin",
                "nice <- troll was removed by the admin");
        assertThat(room.handle(at(1), new ChatCommand.Talk("still here?"), false)).contains(
                "ERROR not in the room: join first with L <name> or /join <name>");
    }

    @Test
    void theMemberListIsCutToFitOneDatagram() {
        ChatRoom room = room(Locale.ENGLISH, 10);
        for (int i = 0; i < 10; i++) {
            room.handle(at(100 + i), new ChatCommand.Join("member_with_a_long_name_" + i), false);
        }
        String who = room.handle(at(100), new ChatCommand.Who(), false).orElseThrow();
        assertThat(who).startsWith("members (10): member_with_a_long_name_0").endsWith("more");
        assertThat(who.getBytes(UTF_8).length).isLessThanOrEqualTo(200);
        assertThat(room.members()).hasSize(10).first().satisfies(m -> assertThat(m.address()).isEqualTo("127.0.0.1:100"));
    }

    @Test
    void joinsAreRefusedOnceTheRoomStopsAccepting() {
        ChatRoom room = room();
        room.handle(at(1), new ChatCommand.Join("early"), false);
        room.stopAccepting();
        assertThat(room.handle(at(2), new ChatCommand.Join("late"), false)).contains("FAIL the room is closing");
        assertThat(room.handle(at(1), new ChatCommand.Ping(), false)).contains("PONG");
    }

    @Test
    void aStrangerPastItsReplyBudgetIsNotAnsweredWhileMembersAtTheSameAddressAre() {
        ChatLimits limits = new ChatLimits(10, Duration.ofMinutes(5), 200, 3, 1, 2, 1, 16);
        ChatRoom room = new ChatRoom(new RoomTexts(messages(), Locale.ENGLISH), delivery, new ChatMetrics(registry), limits, clock);
        assertThat(room.handle(at(1), new ChatCommand.Join("member"), false)).contains("OK");
        assertThat(room.handle(at(2), new ChatCommand.Ping(), false)).contains("PONG");
        assertThat(room.handle(at(3), new ChatCommand.Help(), false)).isEmpty();
        assertThat(room.handle(at(2), new ChatCommand.Join("late"), false)).isEmpty();
        assertThat(registry.get("chat.errors").tag("kind", "stranger-flood").counter().count()).isEqualTo(2);
        assertThat(room.handle(at(1), new ChatCommand.Ping(), false)).as("a member is not a stranger").contains("PONG");

        clock.advance(Duration.ofSeconds(1));
        assertThat(room.handle(at(2), new ChatCommand.Join("late"), false)).contains("OK");
    }

    @Test
    void aStrangerGetsNoMemberListAndOnlyAShortHelp() {
        ChatRoom room = room();
        room.handle(at(1), new ChatCommand.Join("member"), false);
        assertThat(room.handle(at(2), new ChatCommand.Who(), false)).contains(
                "ERROR not in the room: join first with L <name> or /join <name>");
        String help = room.handle(at(2), new ChatCommand.Help(), false).orElseThrow();
        assertThat(help).startsWith("join first").doesNotContain("/who");
        assertThat(help.getBytes(UTF_8).length).isLessThan(100);
        assertThat(room.handle(at(1), new ChatCommand.Help(), false).orElseThrow()).contains("/who");
    }
}
