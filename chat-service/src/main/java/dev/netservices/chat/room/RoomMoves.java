package dev.netservices.chat.room;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.netservices.common.time.ServiceClock;

/**
 * Moving between rooms ({@code /join #room}, {@code /part}) and listing them ({@code /rooms}). A member is in one room
 * at a time: a move tells the room it leaves and the room it enters, answers {@code OK #room}, then replays the room's
 * history to the member alone. With the cluster on the history is read from Redis first (through {@link Later}), and
 * the member moves only once it has it, so that no live line of the new room comes before the replay.
 * <pre>
 *   member --/join #room--> bad name?                 ERROR (the rule)
 *                           already there?            OK #room (nothing else)
 *                           read the room's history   (one node: at once)
 *                           still a member?           no: nothing; yes: move, old room told "name left #old",
 *                                                     new room told "name entered #room", OK #room, the history
 * </pre>
 */
final class RoomMoves {

    private final Membership membership;
    private final RoomTexts texts;
    private final ChatLimits limits;
    private final ServiceClock clock;
    private final Later later;
    private final History history;

    RoomMoves(Membership membership, RoomTexts texts, ChatLimits limits, ServiceClock clock, Later later, History history) {
        this.membership = membership;
        this.texts = texts;
        this.limits = limits;
        this.clock = clock;
        this.later = later;
        this.history = history;
    }

    Sends enter(Received datagram, Member member, String name) {
        Optional<RoomName> parsed = RoomName.of(name);
        if (parsed.isEmpty()) {
            return Sends.of(datagram.reply(texts.error("error.room-name", name)));
        }
        RoomName room = parsed.get();
        String ok = RoomTexts.OK + " " + room.shown();
        if (member.room().equals(room)) {
            return Sends.of(datagram.reply(ok));
        }
        CompletableFuture<List<History.Line>> past = history.last(room);
        if (past.isDone()) {
            return move(datagram, member, room, ok, past.getNow(List.of()));
        }
        past.whenComplete((lines, failure) -> later.send(move(datagram, member, room, ok, failure == null ? lines : List.of())));
        return Sends.NOTHING;
    }

    private Sends move(Received datagram, Member member, RoomName room, String ok, List<History.Line> past) {
        RoomName left = member.room();
        if (!membership.move(member, room, clock.currentTimeMillis())) {
            return Sends.NOTHING; // it left the service while the history was read
        }
        List<Outgoing> sends = new ArrayList<>();
        sends.add(Outgoing.toEveryone(left, texts.text("chat.room-left", member.name(), left.shown()), membership.in(left), null));
        sends.add(Outgoing.toEveryone(room, texts.text("chat.room-entered", member.name(), room.shown()), membership.in(room), member));
        sends.add(datagram.reply(ok));
        replay(sends, datagram, past);
        return new Sends(sends);
    }

    /** The history, after the reply, to the member alone: each line marked and timed. */
    void replay(List<Outgoing> sends, Received datagram, List<History.Line> past) {
        for (History.Line line : past) {
            sends.add(datagram.reply(texts.history(line)));
        }
    }

    Sends rooms(Received datagram) {
        CompletableFuture<Map<String, Integer>> rooms = membership.rooms();
        if (rooms.isDone()) {
            return Sends.of(datagram.reply(texts.rooms(rooms.join(), limits.maxDatagramBytes())));
        }
        rooms.thenAccept(all -> later.send(Sends.of(datagram.reply(texts.rooms(all, limits.maxDatagramBytes())))));
        return Sends.NOTHING;
    }
}
