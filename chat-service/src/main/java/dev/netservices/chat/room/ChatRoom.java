package dev.netservices.chat.room;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.netservices.chat.room.ChatCommand.Enter;
import dev.netservices.chat.room.ChatCommand.Help;
import dev.netservices.chat.room.ChatCommand.Invalid;
import dev.netservices.chat.room.ChatCommand.Join;
import dev.netservices.chat.room.ChatCommand.Leave;
import dev.netservices.chat.room.ChatCommand.Lines;
import dev.netservices.chat.room.ChatCommand.Part;
import dev.netservices.chat.room.ChatCommand.Ping;
import dev.netservices.chat.room.ChatCommand.Private;
import dev.netservices.chat.room.ChatCommand.Quit;
import dev.netservices.chat.room.ChatCommand.Rooms;
import dev.netservices.chat.room.ChatCommand.Say;
import dev.netservices.chat.room.ChatCommand.Talk;
import dev.netservices.chat.room.ChatCommand.Who;
import dev.netservices.common.budget.AddressBudget;
import dev.netservices.common.time.ServiceClock;

/**
 * The rooms' answer to one datagram: the flood rules first (a member's own bucket, a stranger's per-address reply
 * budget), then the command; a datagram of several lines is taken line by line, each as if it had come alone. A
 * member's lines go to its room only ({@link Member#room()}); moves between rooms are {@link RoomMoves}', a line
 * of a muted member is refused ({@link Sanctions}), a line said is kept for the room's {@link History}. It returns everything to be sent, the reply and the notices alike ({@link Sends}), and
 * sends nothing itself. Joins and renames are {@link Admission}'s.
 *
 * <p>Threads: different senders are handled in parallel, one sender's datagrams in order. Only joins and leaves take
 * a lock ({@link Membership}'s); a line takes none. Nothing here waits for the other nodes: what needs their answer
 * (a join's claim, {@code /who}) is sent through {@link Later} when it comes.
 *
 * <p>Time: every rate window runs on the monotonic {@link ServiceClock#nanoTime()}.
 */
public final class ChatRoom {

    private final Membership membership;
    private final Admission admission;
    private final RoomTexts texts;
    private final RoomListener listener;
    private final ChatLimits limits;
    private final ServiceClock clock;
    private final Later later;
    private final AddressBudget<InetAddress> strangers;
    private final String floodError;
    private final RoomMoves moves;
    private final History history;
    private final Sanctions sanctions;

    public ChatRoom(Membership membership, Admission admission, RoomTexts texts, RoomListener listener, ChatLimits limits,
            ServiceClock clock, Later later, History history, Sanctions sanctions) {
        this.membership = membership;
        this.admission = admission;
        this.texts = texts;
        this.listener = listener;
        this.limits = limits;
        this.clock = clock;
        this.later = later;
        this.strangers = new AddressBudget<>(limits.strangerBurst(), limits.strangerRefill(), limits.strangerAddresses(), clock);
        this.floodError = texts.error("error.flood", RoomTexts.perSecond(limits.refill()), Integer.toString(limits.burst()));
        this.history = history;
        this.sanctions = sanctions;
        this.moves = new RoomMoves(membership, texts, limits, clock, later, history);
    }

    /** Several lines in one datagram are taken one by one, each as if it had come alone (the flood rules too). */
    public Sends handle(Received datagram) {
        if (datagram.command() instanceof Lines lines) {
            List<Outgoing> all = new ArrayList<>();
            for (ChatCommand line : lines.lines()) {
                all.addAll(handleOne(new Received(datagram.from(), line, datagram.lineEnded())).outgoing());
            }
            return new Sends(all);
        }
        return handleOne(datagram);
    }

    private Sends handleOne(Received datagram) {
        long now = clock.nanoTime();
        Member member = membership.at(datagram.from());
        if (member != null) {
            member.seen(now, datagram.lineEnded());
            if (!member.flood().tryTake(now)) {
                listener.refused("flood");
                return Sends.of(datagram.reply(floodError));
            }
        } else if (!strangers.tryTake(datagram.from().getAddress())) {
            // The one deliberate silence of the protocol: the source address of a datagram from a non-member may
            // be forged, and answering it past its budget would send our replies to whoever was named.
            listener.refused("stranger-flood");
            return Sends.NOTHING;
        }
        return switch (datagram.command()) {
            case Invalid invalid -> error(datagram, invalid.problem().kind(), "error." + invalid.problem().kind(), invalid.detail());
            case Join join -> admission.join(datagram, member, join.name(), now);
            case Say say -> member == null ? notMember(datagram)
                    : !member.isNamed(say.name()) ? impersonation(datagram, member) : say(datagram, member, say.text());
            case Talk talk -> member == null ? notMember(datagram) : say(datagram, member, talk.text());
            case Leave leave -> member == null ? notMember(datagram)
                    : !member.isNamed(leave.name()) ? impersonation(datagram, member) : leave(datagram, member);
            case Quit quit -> member == null ? notMember(datagram) : leave(datagram, member);
            // Only members see the member list; and no reply to a stranger may be much longer than an error line,
            // so that a forged datagram buys little (the full help is for members, strangers get how to join).
            case Who who -> member == null ? notMember(datagram) : who(datagram, member);
            case Ping ping -> Sends.of(datagram.reply(RoomTexts.PONG));
            case Enter enter -> member == null ? notMember(datagram) : moves.enter(datagram, member, enter.room());
            case Part part -> member == null ? notMember(datagram) : moves.enter(datagram, member, RoomName.LOBBY.shown());
            case Rooms rooms -> member == null ? notMember(datagram) : moves.rooms(datagram);
            case Private message -> member == null ? notMember(datagram) : privately(datagram, member, message);
            case Lines lines -> error(datagram, "syntax", "error.syntax", "one line"); // only ever inside handle()
            case Help help -> Sends.of(datagram.reply(texts.text(member == null ? "chat.help-stranger" : "chat.help")));
        };
    }

    /** The member list, at once on one node; with the cluster on, through {@link Later} once the other nodes have answered. */
    private Sends who(Received datagram, Member member) {
        CompletableFuture<List<String>> names = membership.names(member.room());
        if (names.isDone()) {
            return Sends.of(datagram.reply(texts.who(names.join(), limits.maxDatagramBytes())));
        }
        names.thenAccept(all -> later.send(Sends.of(datagram.reply(texts.who(all, limits.maxDatagramBytes())))));
        return Sends.NOTHING;
    }

    private Sends say(Received datagram, Member member, String text) {
        Sanctions.Sanction mute = sanctions.muted(member);
        if (mute != null) {
            return error(datagram, "muted", "error.muted", texts.sanction(mute, clock.currentTimeMillis()));
        }
        RoomName room = member.room();
        String line = texts.said(member.name(), text);
        history.keep(room, clock.currentTimeMillis(), line);
        return Sends.of(Outgoing.toEveryone(room, line, membership.in(room), member));
    }

    /**
     * To one member only, marked as private: found here at once, or asked of the other nodes (through {@link Later});
     * nobody by that name anywhere gets the sender an error. Never kept in the history.
     */
    private Sends privately(Received datagram, Member from, Private message) {
        Sanctions.Sanction mute = sanctions.muted(from);
        if (mute != null) {
            return error(datagram, "muted", "error.muted", texts.sanction(mute, clock.currentTimeMillis()));
        }
        String text = texts.privately(from.name(), message.text());
        Member to = membership.holding(message.name());
        if (to != null) {
            return Sends.of(Outgoing.toMember(text, to));
        }
        CompletableFuture<Boolean> elsewhere = membership.heldElsewhere(message.name());
        if (elsewhere.isDone()) {
            return delivered(datagram, message.name(), text, elsewhere.join());
        }
        elsewhere.thenAccept(held -> later.send(delivered(datagram, message.name(), text, held)));
        return Sends.NOTHING;
    }

    private Sends delivered(Received datagram, String name, String text, boolean heldElsewhere) {
        return heldElsewhere ? Sends.of(Outgoing.toElsewhere(name, text)) : error(datagram, "no-such-member", "error.no-such-member", name);
    }

    /**
     * EXIT promises the name is free: a join for it on any node after EXIT arrived must succeed. So with the
     * cluster on, EXIT waits for Redis to have freed it (through {@link Later}); the others are told at once.
     */
    private Sends leave(Received datagram, Member member) {
        if (!membership.remove(member)) {
            return notMember(datagram);
        }
        Outgoing left = Outgoing.toEveryone(member.room(), texts.text("chat.left", member.name()), membership.in(member.room()), null);
        CompletableFuture<Boolean> freed = membership.release(member);
        if (freed.isDone()) {
            return Sends.of(left, datagram.reply(RoomTexts.EXIT));
        }
        freed.thenRun(() -> later.send(Sends.of(datagram.reply(RoomTexts.EXIT))));
        return Sends.of(left);
    }

    private Sends notMember(Received datagram) {
        return error(datagram, "not-member", "error.not-member");
    }

    private Sends impersonation(Received datagram, Member member) {
        return error(datagram, "impersonation", "error.impersonation", member.name());
    }

    private Sends error(Received datagram, String kind, String key, Object... args) {
        listener.refused(kind);
        return Sends.of(datagram.reply(texts.error(key, args)));
    }
}
