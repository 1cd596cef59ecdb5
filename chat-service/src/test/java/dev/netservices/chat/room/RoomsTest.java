package dev.netservices.chat.room;

import static dev.netservices.chat.room.TestRoom.replies;
import static dev.netservices.chat.room.TestRoom.reply;
import static dev.netservices.chat.room.TestRoom.told;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.room.ChatCommand.Enter;
import dev.netservices.chat.room.ChatCommand.Join;
import dev.netservices.chat.room.ChatCommand.Part;
import dev.netservices.chat.room.ChatCommand.Private;
import dev.netservices.chat.room.ChatCommand.Quit;
import dev.netservices.chat.room.ChatCommand.Rooms;
import dev.netservices.chat.room.ChatCommand.Talk;
import dev.netservices.chat.room.ChatCommand.Who;
import dev.netservices.chat.room.Sanctions.Kind;
import dev.netservices.chat.room.Sanctions.Sanction;
import dev.netservices.common.time.ManualClock;

/** Rooms, private messages, history and sanctions on one node, without sockets. */
class RoomsTest {

    private final ManualClock clock = new ManualClock();

    private TestRoom room() {
        return new TestRoom(Locale.ENGLISH, TestLimits.builder().burst(100, Duration.ofMillis(1)).build(), clock, 3);
    }

    private static TestRoom joined(TestRoom room, String... names) {
        for (int i = 0; i < names.length; i++) {
            assertThat(reply(room.send(i + 1, new Join(names[i])))).isEqualTo("OK");
        }
        return room;
    }

    @Test
    void aMoveTellsTheRoomLeftAndTheRoomEnteredAndLinesStayInTheirRoom() {
        TestRoom room = joined(room(), "alice", "bob", "carol");
        Sends aliceMoves = room.send(1, new Enter("#Ops"));
        assertThat(replies(aliceMoves)).containsExactly("OK #Ops");
        assertThat(told(aliceMoves)).containsExactly("bob <- alice left #lobby", "carol <- alice left #lobby");
        Sends bobMoves = room.send(2, new Enter("#ops"));
        assertThat(replies(bobMoves)).as("rooms are compared like names; the first spelling stays").containsExactly("OK #ops");
        assertThat(told(bobMoves)).containsExactly("carol <- bob left #lobby", "alice <- bob entered #ops");
        assertThat(told(room.send(1, new Talk("ops only")))).containsExactly("bob <- alice : ops only");
        assertThat(told(room.send(3, new Talk("lobby only")))).isEmpty();
        assertThat(replies(room.send(2, new Enter("#OPS")))).as("already there").containsExactly("OK #OPS");
        Sends bobParts = room.send(2, new Part());
        assertThat(replies(bobParts)).containsExactly("OK #lobby", "(history 2026-01-01T00:00:00Z) carol : lobby only");
        assertThat(told(bobParts)).containsExactly("alice <- bob left #ops", "carol <- bob entered #lobby");
    }

    @Test
    void whoListsTheMembersOfOnesRoomAndRoomsListsEveryRoomWithItsCount() {
        TestRoom room = joined(room(), "alice", "bob", "carol", "dave");
        room.send(1, new Enter("#ops"));
        room.send(2, new Enter("#dev"));
        room.send(3, new Enter("#ops"));
        assertThat(reply(room.send(1, new Who()))).isEqualTo("members (2): alice, carol");
        assertThat(reply(room.send(4, new Who()))).isEqualTo("members (1): dave");
        assertThat(reply(room.send(4, new Rooms()))).isEqualTo("rooms (3): #lobby 1, #dev 1, #ops 2");
        room.send(4, new Enter("#dev"));
        assertThat(reply(room.send(4, new Rooms()))).as("the lobby is always listed")
                .isEqualTo("rooms (3): #lobby 0, #dev 2, #ops 2");
    }

    @Test
    void aPrivateMessageReachesOnlyItsRecipientMarkedWhereverItIsAndAnUnknownNameIsAnError() {
        TestRoom room = joined(room(), "alice", "bob", "carol");
        room.send(2, new Enter("#ops"));
        Sends whisper = room.send(1, new Private("BOB", "psst"));
        assertThat(reply(whisper)).isNull();
        assertThat(told(whisper)).containsExactly("bob <- (private) alice : psst");
        assertThat(reply(room.send(1, new Private("nobody", "hello"))))
                .isEqualTo("ERROR nobody called nobody is in any room");
        assertThat(room.refused).containsExactly("no-such-member");
        assertThat(replies(room.send(3, new Enter("#ops")))).as("private messages are never replayed")
                .containsExactly("OK #ops");
        assertThat(reply(room.send(9, new Private("bob", "hi")))).startsWith("ERROR not in the room");
    }

    @Test
    void historyReplaysTheRoomsLastLinesToTheNewcomerOnlyAfterItsReplyEachWithItsTime() {
        TestRoom room = joined(room(), "alice");
        for (int i = 1; i <= 4; i++) {
            room.send(1, new Talk("line " + i));
            clock.advance(Duration.ofSeconds(1));
        }
        Sends bobJoins = room.send(2, new Join("bob"));
        assertThat(replies(bobJoins)).as("the last 3, oldest first").containsExactly("OK",
                "(history 2026-01-01T00:00:01Z) alice : line 2", "(history 2026-01-01T00:00:02Z) alice : line 3",
                "(history 2026-01-01T00:00:03Z) alice : line 4");
        assertThat(told(bobJoins)).containsExactly("alice <- bob entered the room");
        assertThat(replies(room.send(2, new Join("robert")))).as("a rename replays nothing").containsExactly("OK");
        assertThat(replies(room.send(2, new Enter("#quiet")))).containsExactly("OK #quiet");
    }

    @Test
    void withHistoryOffNothingIsReplayed() {
        TestRoom room = new TestRoom(Locale.ENGLISH, TestLimits.builder().build(), clock, 0);
        room.send(1, new Join("alice"));
        room.send(1, new Talk("said"));
        assertThat(replies(room.send(2, new Join("bob")))).containsExactly("OK");
    }

    @Test
    void severalLinesInOneDatagramAreTakenOneByOneEachCountedAgainstTheFloodBucket() {
        TestRoom room = new TestRoom(Locale.ENGLISH, TestLimits.builder().burst(3, Duration.ofHours(1)).build(), clock, 0);
        room.send(1, new Join("alice"));
        room.send(2, new Join("bob"));
        Sends paste = room.send(1, ChatCommand.parse("one\r\ntwo\n\nthree\nfour\n", 10));
        assertThat(told(paste)).containsExactly("bob <- alice : one", "bob <- alice : two", "bob <- alice : three");
        assertThat(replies(paste)).as("the fourth line is past the burst of 3").singleElement()
                .satisfies(error -> assertThat(error).startsWith("ERROR too many datagrams"));
        assertThat(ChatCommand.parse("a\nb\nc", 2)).isEqualTo(new ChatCommand.Invalid(ChatCommand.Problem.TOO_MANY_LINES, "2"));
        assertThat(ChatCommand.parse("a\rb\nc", 2)).isEqualTo(new ChatCommand.Lines(java.util.List.of(
                new ChatCommand.Invalid(ChatCommand.Problem.CONTROL, ""), new Talk("c"))));
        assertThat(ChatCommand.parse("L alice\n", 10)).as("one line with its line end is one command").isEqualTo(new Join("alice"));
    }

    @Test
    void aBannedNameOrAddressGetsFailWithTheReasonAndTimeLeftUntilTheBanEnds() throws Exception {
        TestRoom room = joined(room(), "alice", "mallory");
        long until = clock.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        Sends removed = room.moderation.sanction(new Sanction(Kind.NAME_BAN, Member.keyOf("Mallory"), "Mallory", "spam", until, "admin"));
        assertThat(told(removed)).containsExactly("mallory <- you were removed from the room by the admin and banned: spam (10m left)",
                "alice <- mallory was removed by the admin");
        assertThat(reply(room.send(2, new Join("MALLORY")))).isEqualTo("FAIL you are banned: spam (10m left)");
        room.sanctions.put(new Sanction(Kind.ADDRESS_BAN, InetAddress.getByName("127.0.0.1").getHostAddress(), "127.0.0.1", "",
                until, "admin"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(reply(room.send(3, new Join("eve")))).isEqualTo("FAIL you are banned: no reason given (6m left)");
        assertThat(room.refused).containsExactly("banned", "banned");
        clock.advance(Duration.ofMinutes(6));
        assertThat(reply(room.send(2, new Join("mallory")))).as("the ban has ended").isEqualTo("OK");
    }

    @Test
    void aMutedMemberStillReadsButItsLinesAndPrivateMessagesAreRefusedWithTheReason() {
        TestRoom room = joined(room(), "bob");
        InetSocketAddress alice = new InetSocketAddress("127.0.0.2", 1); // another machine: a mute holds on bob's address
        assertThat(reply(room.send(alice, new Join("alice")))).isEqualTo("OK");
        long until = clock.currentTimeMillis() + Duration.ofMinutes(5).toMillis();
        room.moderation.sanction(new Sanction(Kind.MUTE, Member.keyOf("bob"), "bob", "calm down", until, "admin"));
        Sends refused = room.send(1, new Talk("!!!"));
        assertThat(told(refused)).isEmpty();
        assertThat(reply(refused)).isEqualTo("ERROR you are muted: calm down (5m left)");
        assertThat(reply(room.send(1, new Private("alice", "!!!")))).isEqualTo("ERROR you are muted: calm down (5m left)");
        assertThat(told(room.send(alice, new Talk("hi bob")))).containsExactly("bob <- alice : hi bob");
        assertThat(room.moderation.lift(Kind.MUTE, Member.keyOf("BOB"))).isTrue();
        assertThat(told(room.send(1, new Talk("thanks")))).containsExactly("alice <- bob : thanks");
    }

    @Test
    void aMuteHoldsOnTheMembersAddressSoThatARenameOrARejoinUnderAnotherNameStaysMutedUntilItEnds() {
        TestRoom room = joined(room(), "mal");
        InetSocketAddress elsewhere = new InetSocketAddress("127.0.0.2", 1);
        assertThat(reply(room.send(elsewhere, new Join("ann")))).isEqualTo("OK");
        long until = clock.currentTimeMillis() + Duration.ofMinutes(30).toMillis();
        room.moderation.sanction(new Sanction(Kind.MUTE, Member.keyOf("mal"), "mal", "spam", until, "admin"));
        assertThat(reply(room.send(1, new Join("mal2")))).as("the rename itself is let through").isEqualTo("OK");
        Sends renamed = room.send(1, new Talk("hi again"));
        assertThat(told(renamed)).isEmpty();
        assertThat(reply(renamed)).isEqualTo("ERROR you are muted: spam (30m left)");
        room.send(1, new Quit());
        assertThat(reply(room.send(7, new Join("mal3")))).as("another port of the same address").isEqualTo("OK");
        assertThat(reply(room.send(7, new Private("ann", "psst")))).isEqualTo("ERROR you are muted: spam (30m left)");
        assertThat(told(room.send(elsewhere, new Talk("quiet now")))).as("another address talks").containsExactly(
                "mal3 <- ann : quiet now");
        clock.advance(Duration.ofMinutes(30));
        assertThat(told(room.send(7, new Talk("back")))).as("the mute has ended").containsExactly("ann <- mal3 : back");
    }

    @Test
    void aMuteSetBeforeTheNameJoinsHoldsOnTheAddressItJoinsFromAndLiftingItLiftsBoth() {
        TestRoom room = room();
        InetSocketAddress elsewhere = new InetSocketAddress("127.0.0.2", 1);
        assertThat(reply(room.send(elsewhere, new Join("ann")))).isEqualTo("OK");
        long until = clock.currentTimeMillis() + Duration.ofMinutes(30).toMillis();
        Sanction mute = new Sanction(Kind.MUTE, Member.keyOf("mal"), "mal", "spam", until, "admin");
        room.moderation.sanction(mute);
        assertThat(reply(room.send(1, new Join("MAL")))).isEqualTo("OK");
        assertThat(reply(room.send(1, new Join("mal2")))).isEqualTo("OK");
        assertThat(reply(room.send(1, new Talk("hi")))).isEqualTo("ERROR you are muted: spam (30m left)");
        assertThat(room.moderation.lift(Kind.MUTE, Member.keyOf("mal"))).isTrue();
        assertThat(room.moderation.sanctions(List.of(Kind.MUTE, Kind.MUTE_ADDRESS))).isEmpty();
        assertThat(told(room.send(1, new Talk("thanks")))).containsExactly("ann <- mal2 : thanks");
        room.sanctions.put(Sanction.onAddress(mute, TestRoom.at(1).getAddress())); // added as the mute was lifted
        assertThat(told(room.send(1, new Talk("still free")))).as("an address holds only while its mute stands")
                .containsExactly("ann <- mal2 : still free");
    }

    @Test
    void roomNamesFollowTheRule() {
        assertThat(RoomName.of("#ops-2_x")).isPresent();
        assertThat(RoomName.of("#" + "x".repeat(32))).isPresent();
        assertThat(RoomName.of("#" + "x".repeat(33))).isEmpty();
        assertThat(RoomName.of("#")).isEmpty();
        assertThat(RoomName.of("#a.b")).isEmpty();
        assertThat(RoomName.of("#a\u202Eb")).isEmpty();
        assertThat(RoomName.of("#ＯＰＳ")).hasValueSatisfying(room -> assertThat(room).isEqualTo(RoomName.of("#ops").orElseThrow()));
        assertThat(ChatCommand.parse("/join #a.b")).isEqualTo(new ChatCommand.Invalid(ChatCommand.Problem.ROOM_NAME, "#a.b"));
        assertThat(ChatCommand.parse("/join ops")).as("without # it is still a rename").isEqualTo(new Join("ops"));
        assertThat(ChatCommand.parse("L #ops")).as("the seed's L is a name only").isEqualTo(new Join("#ops"));
        assertThat(ChatCommand.parse("/msg bob")).isEqualTo(new ChatCommand.Invalid(ChatCommand.Problem.SYNTAX, "/msg <name> <text>"));
    }
}
