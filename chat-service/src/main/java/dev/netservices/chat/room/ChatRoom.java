package dev.netservices.chat.room;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.netservices.chat.room.ChatCommand.Help;
import dev.netservices.chat.room.ChatCommand.Invalid;
import dev.netservices.chat.room.ChatCommand.Join;
import dev.netservices.chat.room.ChatCommand.Leave;
import dev.netservices.chat.room.ChatCommand.Ping;
import dev.netservices.chat.room.ChatCommand.Quit;
import dev.netservices.chat.room.ChatCommand.Say;
import dev.netservices.chat.room.ChatCommand.Talk;
import dev.netservices.chat.room.ChatCommand.Who;
import dev.netservices.common.budget.AddressBudget;
import dev.netservices.common.time.ServiceClock;

/**
 * The room's answer to one datagram: the flood rules first (a member's own bucket, a stranger's per-address reply
 * budget), then the command. It returns everything to be sent, the reply and the notices alike ({@link Sends}), and
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

    public ChatRoom(Membership membership, Admission admission, RoomTexts texts, RoomListener listener, ChatLimits limits,
            ServiceClock clock, Later later) {
        this.membership = membership;
        this.admission = admission;
        this.texts = texts;
        this.listener = listener;
        this.limits = limits;
        this.clock = clock;
        this.later = later;
        this.strangers = new AddressBudget<>(limits.strangerBurst(), limits.strangerRefill(), limits.strangerAddresses(), clock);
        this.floodError = texts.error("error.flood", RoomTexts.perSecond(limits.refill()), Integer.toString(limits.burst()));
    }

    public Sends handle(Received datagram) {
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
                    : !member.isNamed(say.name()) ? impersonation(datagram, member) : say(member, say.text());
            case Talk talk -> member == null ? notMember(datagram) : say(member, talk.text());
            case Leave leave -> member == null ? notMember(datagram)
                    : !member.isNamed(leave.name()) ? impersonation(datagram, member) : leave(datagram, member);
            case Quit quit -> member == null ? notMember(datagram) : leave(datagram, member);
            // Only members see the member list; and no reply to a stranger may be much longer than an error line,
            // so that a forged datagram buys little (the full help is for members, strangers get how to join).
            case Who who -> member == null ? notMember(datagram) : who(datagram);
            case Ping ping -> Sends.of(datagram.reply(RoomTexts.PONG));
            case Help help -> Sends.of(datagram.reply(texts.text(member == null ? "chat.help-stranger" : "chat.help")));
        };
    }

    /** The member list, at once on one node; with the cluster on, through {@link Later} once the other nodes have answered. */
    private Sends who(Received datagram) {
        CompletableFuture<List<String>> names = membership.names();
        if (names.isDone()) {
            return Sends.of(datagram.reply(texts.who(names.join(), limits.maxDatagramBytes())));
        }
        names.thenAccept(all -> later.send(Sends.of(datagram.reply(texts.who(all, limits.maxDatagramBytes())))));
        return Sends.NOTHING;
    }

    private Sends say(Member member, String text) {
        return Sends.of(Outgoing.toEveryone(texts.text("chat.said", member.name(), text), membership.here(), member));
    }

    /**
     * EXIT promises the name is free: a join for it on any node after EXIT arrived must succeed. So with the
     * cluster on, EXIT waits for Redis to have freed it (through {@link Later}); the others are told at once.
     */
    private Sends leave(Received datagram, Member member) {
        if (!membership.remove(member)) {
            return notMember(datagram);
        }
        Outgoing left = Outgoing.toEveryone(texts.text("chat.left", member.name()), membership.here(), null);
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
