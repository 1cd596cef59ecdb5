package dev.netservices.chat.room;

import static dev.netservices.chat.room.TestRoom.reply;
import static dev.netservices.chat.room.TestRoom.told;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.netservices.common.time.ManualClock;

/** The room's rules without sockets: what it would send is read from the {@link Sends} it returns. */
class ChatRoomTest {

    private final ManualClock clock = new ManualClock();

    private TestRoom room(TestLimits limits) {
        return new TestRoom(Locale.ENGLISH, limits.build(), clock);
    }

    private TestRoom room() {
        return room(TestLimits.builder());
    }

    @Test
    void theOthersAreToldOfEveryJoinMessageAndLeave() {
        TestRoom room = room();
        Sends aliceJoins = room.send(1, new ChatCommand.Join("alice"));
        assertThat(reply(aliceJoins)).isEqualTo("OK");
        assertThat(told(aliceJoins)).isEmpty();
        Sends bobJoins = room.send(2, new ChatCommand.Join("bob"));
        assertThat(reply(bobJoins)).isEqualTo("OK");
        assertThat(told(bobJoins)).containsExactly("alice <- bob entered the room");
        Sends bobSays = room.send(2, new ChatCommand.Say("bob", "hi"));
        assertThat(reply(bobSays)).isNull();
        assertThat(told(bobSays)).containsExactly("alice <- bob : hi");
        assertThat(told(room.send(1, new ChatCommand.Talk("hello")))).containsExactly("bob <- alice : hello");
        Sends bobLeaves = room.send(2, new ChatCommand.Leave("BOB"));
        assertThat(reply(bobLeaves)).isEqualTo("EXIT");
        assertThat(told(bobLeaves)).containsExactly("alice <- bob left the room");
        assertThat(room.membership.size()).isEqualTo(1);
    }

    @Test
    void aLineIsOneValueForAllItsRecipientsAndTheNoticeGoesOutBeforeTheReply() {
        TestRoom room = room();
        for (int i = 1; i <= 5; i++) {
            room.send(i, new ChatCommand.Join("m" + i));
        }
        Sends line = room.send(1, new ChatCommand.Talk("to all"));
        assertThat(line.outgoing()).singleElement().satisfies(outgoing -> {
            assertThat(outgoing.recipients()).isInstanceOf(Outgoing.Everyone.class);
            assertThat(((Outgoing.Everyone) outgoing.recipients()).here()).hasSize(5);
        });
        Sends join = room.send(6, new ChatCommand.Join("m6"));
        assertThat(join.outgoing()).extracting(o -> o.recipients().getClass().getSimpleName())
                .containsExactly("Everyone", "Sender", "Sender");
        assertThat(TestRoom.replies(join)).as("the reply first, then the history").containsExactly("OK",
                "(history 2026-01-01T00:00:00Z) m1 : to all");
    }

    @Test
    void aMemberThatSendsLinesIsSentLinesAndTheOriginalClientBareTexts() {
        TestRoom room = room();
        room.send(1, new ChatCommand.Join("original"), false);
        assertThat(reply(room.send(2, new ChatCommand.Join("netcat"), true))).isEqualTo("OK\n");
        Announcement announced = room.moderation.announce("x");
        assertThat(told(((Announcement.Sent) announced).sends()))
                .containsExactly("original <- Admin announcement: x", "netcat <- Admin announcement: x\\n");
    }

    @Test
    void theAdminAnnouncementReachesEveryMember() {
        TestRoom room = room();
        room.send(1, new ChatCommand.Join("alice"));
        room.send(2, new ChatCommand.Join("bob"));
        Announcement announced = room.moderation.announce("maintenance at noon");
        assertThat(announced).isInstanceOfSatisfying(Announcement.Sent.class, sent -> {
            assertThat(sent.recipients()).isEqualTo(2);
            assertThat(told(sent.sends())).containsExactly("alice <- Admin announcement: maintenance at noon",
                    "bob <- Admin announcement: maintenance at noon");
        });
    }

    @Test
    void anAnnouncementIsOneLineWithTextThatFitsADatagramOrIsRefusedWithTheRule() {
        TestRoom room = room();
        room.send(1, new ChatCommand.Join("alice"));
        assertThat(room.moderation.announce("  "))
                .isEqualTo(new Announcement.Refused(Announcement.Rule.EMPTY, "The announcement has no text."));
        assertThat(room.moderation.announce(null)).isInstanceOf(Announcement.Refused.class);
        assertThat(room.moderation.announce("x".repeat(201))).isEqualTo(new Announcement.Refused(Announcement.Rule.TOO_LONG,
                "The announcement has 201 bytes of UTF-8; at most 200 fit one datagram (chat.max-datagram-bytes)."));
        assertThat(room.moderation.announce("two\nlines")).extracting(a -> ((Announcement.Refused) a).rule())
                .isEqualTo(Announcement.Rule.CONTROL_CHARACTERS);
        assertThat(room.moderation.announce("tab\tis fine")).isInstanceOfSatisfying(Announcement.Sent.class,
                sent -> assertThat(sent.recipients()).isEqualTo(1));
    }

    @Test
    void originalChineseTextsAreReproducedExactly() {
        TestRoom room = new TestRoom(Locale.forLanguageTag("zh-CN"), TestLimits.builder().build(), clock);
        room.send(1, new ChatCommand.Join("小明"));
        assertThat(told(room.send(2, new ChatCommand.Join("小红")))).containsExactly("小明 <- 欢迎 小红 进入聊天室");
        assertThat(told(room.send(2, new ChatCommand.Say("小红", "你好")))).containsExactly("小明 <- 小红 : 你好");
        assertThat(told(((Announcement.Sent) room.moderation.announce("今晚停机")).sends()))
                .containsExactly("小明 <- 管理员消息：今晚停机", "小红 <- 管理员消息：今晚停机");
        assertThat(told(room.send(2, new ChatCommand.Leave("小红")))).containsExactly("小明 <- 小红 退出聊天室");
    }

    @Test
    void aFullRoomRefusesTheNextJoinAndSaysSo() {
        TestRoom room = room(TestLimits.builder().maxMembers(2));
        room.send(1, new ChatCommand.Join("a"));
        room.send(2, new ChatCommand.Join("b"));
        assertThat(reply(room.send(3, new ChatCommand.Join("c")))).isEqualTo("FAIL the room is full (2 members)");
        room.send(2, new ChatCommand.Quit());
        assertThat(reply(room.send(3, new ChatCommand.Join("c")))).isEqualTo("OK");
        assertThat(room.refused).containsExactly("full");
    }

    @Test
    void namesAreUniqueCaseInsensitivelyAndFollowTheNameRule() {
        TestRoom room = room();
        room.send(1, new ChatCommand.Join("Alice"));
        assertThat(reply(room.send(2, new ChatCommand.Join("aLICE")))).isEqualTo("FAIL the name aLICE is taken");
        assertThat(reply(room.send(2, new ChatCommand.Join("x".repeat(32))))).isEqualTo("OK");
        assertThat(reply(room.send(3, new ChatCommand.Join("y".repeat(33))))).isEqualTo("FAIL a name has 1 to 32 characters");
        assertThat(reply(room.send(3, new ChatCommand.Join("")))).isEqualTo("FAIL a name has 1 to 32 characters");
        assertThat(reply(room.send(3, new ChatCommand.Join("a.b"))))
                .isEqualTo("FAIL a name may contain only letters, digits, _ and -");
        assertThat(reply(room.send(3, new ChatCommand.Join("王_5-x")))).isEqualTo("OK");
    }

    @Test
    void namesAreTheSameAfterNfkcAndCaseFoldingAndFormatCharactersAreRefusedWithTheReason() {
        TestRoom room = room();
        assertThat(reply(room.send(1, new ChatCommand.Join("admin")))).isEqualTo("OK");
        assertThat(reply(room.send(2, new ChatCommand.Join("\uFF41dmin")))).isEqualTo("FAIL the name \uFF41dmin is taken");
        assertThat(reply(room.send(2, new ChatCommand.Join("ＡＤＭＩＮ")))).isEqualTo("FAIL the name ＡＤＭＩＮ is taken");
        assertThat(reply(room.send(2, new ChatCommand.Join("straße")))).isEqualTo("OK");
        assertThat(reply(room.send(3, new ChatCommand.Join("STRASSE")))).isEqualTo("FAIL the name STRASSE is taken");
        assertThat(reply(room.send(3, new ChatCommand.Join("ali\u200Bce")))).isEqualTo(
                "FAIL a name may not contain invisible formatting characters such as U+200B (direction or zero-width marks)");
        assertThat(reply(room.send(3, new ChatCommand.Join("\u202Enimda")))).isEqualTo(
                "FAIL a name may not contain invisible formatting characters such as U+202E (direction or zero-width marks)");
        assertThat(room.moderation.remove("\uFF21DMIN")).as("the admin finds a member by any form of the name").isPresent();
    }

    @Test
    void aSecondJoinFromAMembersAddressRenamesItAndTheSameJoinAgainIsAnsweredWithoutANotice() {
        TestRoom room = room();
        room.send(1, new ChatCommand.Join("watcher"));
        room.send(2, new ChatCommand.Join("oldname"));
        Sends renamed = room.send(2, new ChatCommand.Join("newname"));
        assertThat(reply(renamed)).isEqualTo("OK");
        assertThat(told(renamed)).containsExactly("watcher <- oldname is now called newname");
        Sends again = room.send(2, new ChatCommand.Join("newname"));
        assertThat(reply(again)).isEqualTo("OK");
        assertThat(told(again)).isEmpty();
        assertThat(reply(room.send(3, new ChatCommand.Join("oldname")))).as("the old name is free again").isEqualTo("OK");
    }

    @Test
    void onlyTheJoiningAddressSpeaksOrLeavesUnderAName() {
        TestRoom room = room();
        room.send(1, new ChatCommand.Join("alice"));
        room.send(2, new ChatCommand.Join("bob"));
        Sends fake = room.send(2, new ChatCommand.Say("alice", "fake"));
        assertThat(reply(fake)).isEqualTo("ERROR you are in the room as bob: C and Q must name you");
        assertThat(told(fake)).isEmpty();
        Sends strangerLeaves = room.send(3, new ChatCommand.Leave("alice"));
        assertThat(reply(strangerLeaves)).isEqualTo("ERROR not in the room: join first with L <name> or /join <name>");
        assertThat(told(strangerLeaves)).isEmpty();
        assertThat(room.membership.size()).isEqualTo(2);
        assertThat(room.refused).containsExactly("impersonation", "not-member");
    }

    @Test
    void aMemberSilentForTheIdleTimeoutIsRemovedAndTheOthersAreTold() {
        TestRoom room = room();
        room.send(1, new ChatCommand.Join("sleepy"));
        room.send(2, new ChatCommand.Join("chatty"));
        clock.advance(Duration.ofMinutes(3));
        room.send(2, new ChatCommand.Ping());
        room.send(1, new ChatCommand.Invalid(ChatCommand.Problem.UNKNOWN, "/x"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(room.idle.removeIdle().members()).isEmpty();
        room.send(1, new ChatCommand.Ping());
        clock.advance(Duration.ofMinutes(2));
        IdleRemoval.Removed removed = room.idle.removeIdle();
        assertThat(removed.members()).extracting(Member::name).containsExactly("chatty");
        assertThat(told(removed.sends())).containsExactly(
                "chatty <- you were removed from the room after 5m of silence; join again with L <name>",
                "sleepy <- chatty was removed after 5m of silence");
    }

    @Test
    void theTokenBucketAnswersFloodsWithAnErrorAndRefillsOverTime() {
        TestRoom room = room();
        room.send(1, new ChatCommand.Join("fast"));
        // A burst of 3, one back every second; the join itself came from a stranger and took none.
        assertThat(reply(room.send(1, new ChatCommand.Ping()))).isEqualTo("PONG");
        assertThat(reply(room.send(1, new ChatCommand.Ping()))).isEqualTo("PONG");
        assertThat(reply(room.send(1, new ChatCommand.Ping()))).isEqualTo("PONG");
        assertThat(reply(room.send(1, new ChatCommand.Ping())))
                .isEqualTo("ERROR too many datagrams: at most 1 per second in bursts of 3; slow down");
        clock.advance(Duration.ofMillis(1100));
        assertThat(reply(room.send(1, new ChatCommand.Ping()))).isEqualTo("PONG");
        assertThat(room.refused).containsExactly("flood");
    }

    @Test
    void theFloodErrorStatesTheRefillAsARatePerSecond() {
        TestRoom room = room(TestLimits.builder().burst(20, Duration.ofMillis(300)));
        room.send(1, new ChatCommand.Join("fast"));
        String last = null;
        for (int i = 0; i < 21; i++) {
            last = reply(room.send(1, new ChatCommand.Ping()));
        }
        assertThat(last).isEqualTo("ERROR too many datagrams: at most 3.33 per second in bursts of 20; slow down");
    }

    @Test
    void theAdminRemovesAMemberWhoIsToldAsIsTheRoom() {
        TestRoom room = room();
        room.send(1, new ChatCommand.Join("troll"));
        room.send(2, new ChatCommand.Join("nice"));
        assertThat(room.moderation.remove("TROLL")).hasValueSatisfying(sends -> assertThat(told(sends)).containsExactly(
                "troll <- you were removed from the room by the admin", "nice <- troll was removed by the admin"));
        assertThat(room.moderation.remove("nobody")).isEmpty();
        assertThat(reply(room.send(1, new ChatCommand.Talk("still here?"))))
                .isEqualTo("ERROR not in the room: join first with L <name> or /join <name>");
    }

    @Test
    void theMemberListIsCutToFitOneDatagram() {
        TestRoom room = room();
        for (int i = 0; i < 10; i++) {
            room.send(100 + i, new ChatCommand.Join("member_with_a_long_name_" + i));
        }
        String who = reply(room.send(100, new ChatCommand.Who()));
        assertThat(who).startsWith("members (10): member_with_a_long_name_0").endsWith("more");
        assertThat(who.getBytes(UTF_8).length).isLessThanOrEqualTo(200);
        assertThat(room.moderation.members()).hasSize(10).first()
                .satisfies(m -> assertThat(m.address()).isEqualTo("127.0.0.1:100"));
    }

    @Test
    void joinsAreRefusedOnceTheRoomStopsAccepting() {
        TestRoom room = room();
        room.send(1, new ChatCommand.Join("early"));
        room.admission.stopAccepting();
        assertThat(reply(room.send(2, new ChatCommand.Join("late")))).isEqualTo("FAIL the room is closing");
        assertThat(reply(room.send(1, new ChatCommand.Ping()))).isEqualTo("PONG");
        room.admission.startAccepting();
        assertThat(reply(room.send(2, new ChatCommand.Join("late")))).isEqualTo("OK");
    }

    @Test
    void aStrangerPastItsReplyBudgetIsNotAnsweredWhileMembersAtTheSameAddressAre() {
        TestRoom room = room(TestLimits.builder().strangers(2, Duration.ofSeconds(1), 16));
        assertThat(reply(room.send(1, new ChatCommand.Join("member")))).isEqualTo("OK");
        assertThat(reply(room.send(2, new ChatCommand.Ping()))).isEqualTo("PONG");
        assertThat(room.send(3, new ChatCommand.Help()).isEmpty()).isTrue();
        assertThat(room.send(2, new ChatCommand.Join("late")).isEmpty()).isTrue();
        assertThat(room.refused).containsExactly("stranger-flood", "stranger-flood");
        assertThat(reply(room.send(1, new ChatCommand.Ping()))).as("a member is not a stranger").isEqualTo("PONG");

        clock.advance(Duration.ofSeconds(1));
        assertThat(reply(room.send(2, new ChatCommand.Join("late")))).isEqualTo("OK");
    }

    @Test
    void aStrangerGetsNoMemberListAndOnlyAShortHelp() {
        TestRoom room = room();
        room.send(1, new ChatCommand.Join("member"));
        assertThat(reply(room.send(2, new ChatCommand.Who())))
                .isEqualTo("ERROR not in the room: join first with L <name> or /join <name>");
        String help = reply(room.send(2, new ChatCommand.Help()));
        assertThat(help).startsWith("join first").doesNotContain("/who");
        assertThat(help.getBytes(UTF_8).length).isLessThan(100);
        assertThat(reply(room.send(1, new ChatCommand.Help()))).contains("/who");
    }
}
