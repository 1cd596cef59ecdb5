package dev.netservices.chat.room;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.netservices.chat.observability.ChatMetrics;
import dev.netservices.chat.room.Announcement.Refused;
import dev.netservices.chat.room.Announcement.Sent;
import dev.netservices.chat.room.ChatCommand.Help;
import dev.netservices.chat.room.ChatCommand.Invalid;
import dev.netservices.chat.room.ChatCommand.Join;
import dev.netservices.chat.room.ChatCommand.Leave;
import dev.netservices.chat.room.ChatCommand.Ping;
import dev.netservices.chat.room.ChatCommand.Quit;
import dev.netservices.chat.room.ChatCommand.Say;
import dev.netservices.chat.room.ChatCommand.Talk;
import dev.netservices.chat.room.ChatCommand.Who;
import dev.netservices.common.net.RemoteAddress;
import dev.netservices.common.time.ServiceClock;

/**
 * The room's rules on one node: unique names, identity bound to the joining address, the member limit,
 * flood control, idle removal, the announcement rules, and who is told what.
 *
 * <p>Threads: different senders are handled in parallel, one sender's datagrams in order. Membership
 * changes take the {@link Roster}'s lock; the fan-out path takes none.
 *
 * <p>Across nodes ({@link OtherNodes}): names are claimed room-wide, every notice to this node's members is
 * relayed to the others, and member lists include the other nodes' members. On one node that is {@link OtherNodes#NONE}.
 *
 * <p>Time: every rate window and the idle timeout run on the monotonic {@link ServiceClock#nanoTime()}.
 */
public final class ChatRoom implements Room {

    private final RoomTexts texts;
    private final Delivery delivery;
    private final OtherNodes others;
    private final ChatMetrics metrics;
    private final ChatLimits limits;
    private final ServiceClock clock;
    private final StrangerBudget strangers;

    private final Roster roster = new Roster();
    private volatile boolean accepting = true;

    public ChatRoom(RoomTexts texts, Delivery delivery, OtherNodes others, ChatMetrics metrics, ChatLimits limits,
            ServiceClock clock) {
        this.texts = texts;
        this.delivery = delivery;
        this.others = others;
        this.metrics = metrics;
        this.limits = limits;
        this.clock = clock;
        this.strangers = new StrangerBudget(limits.strangerBurst(), limits.strangerPerSecond(), limits.strangerAddresses());
        metrics.watchMembers(this::size);
    }

    @Override
    public Optional<String> handle(InetSocketAddress from, ChatCommand command, boolean lineEnded) {
        long now = clock.nanoTime();
        Member member = roster.at(from);
        if (member != null) {
            member.seen(now, lineEnded);
            if (!member.flood().tryTake(now)) {
                return error("flood", "error.flood", RoomTexts.number(limits.perSecond()), Integer.toString(limits.burst()));
            }
        } else if (!strangers.tryTake(from.getAddress(), now)) {
            // The one deliberate silence of the protocol: the source address of a datagram from a non-member may
            // be forged, and answering it past its budget would send our replies to whoever was named.
            metrics.error("stranger-flood");
            return Optional.empty();
        }
        return switch (command) {
            case Invalid invalid -> error(invalid.problem().kind(), "error." + invalid.problem().kind(), invalid.detail());
            case Join join -> join(from, member, join.name(), now, lineEnded);
            case Say say -> member == null ? notMember()
                    : !member.isNamed(say.name()) ? impersonation(member) : say(member, say.text());
            case Talk talk -> member == null ? notMember() : say(member, talk.text());
            case Leave leave -> member == null ? notMember()
                    : !member.isNamed(leave.name()) ? impersonation(member) : leave(member);
            case Quit quit -> member == null ? notMember() : leave(member);
            // Only members see the member list; and no reply to a stranger may be much longer than an error line,
            // so that a forged datagram buys little (the full help is for members, strangers get how to join).
            case Who who -> member == null ? notMember() : Optional.of(texts.who(names(), limits.maxDatagramBytes()));
            case Ping ping -> Optional.of(RoomTexts.PONG);
            case Help help -> Optional.of(texts.text(member == null ? "chat.help-stranger" : "chat.help"));
        };
    }

    private Optional<String> join(InetSocketAddress from, Member current, String name, long now, boolean lineEnded) {
        Optional<MemberName.Problem> badName = MemberName.problem(name);
        if (badName.isPresent()) {
            metrics.error("name");
            return Optional.of(texts.fail(badName.get().key(), badName.get().argument()));
        }
        String notice;
        Member except;
        synchronized (roster) {
            Member holder = roster.named(name);
            if (holder != null && current != null && holder.address().equals(from)) {
                // The same join again (a lost OK made the client retry): answer it again, tell nobody twice.
                if (holder.name().equals(name)) {
                    return Optional.of(RoomTexts.OK);
                }
            } else if (holder != null) {
                metrics.error("name-taken");
                return Optional.of(texts.fail("fail.name-taken", name));
            }
            if (!accepting) {
                metrics.error("closing");
                return Optional.of(texts.fail("fail.closing"));
            }
            if (current == null) {
                if (roster.all().length >= limits.maxMembers()) {
                    metrics.error("full");
                    return Optional.of(texts.fail("fail.room-full", Integer.toString(limits.maxMembers())));
                }
                Member joined = new Member(name, from, clock.now(), now, new TokenBucket(limits.burst(), limits.perSecond(), now));
                Optional<String> refused = claim(joined, null, name);
                if (refused.isPresent()) {
                    return refused;
                }
                joined.seen(now, lineEnded);
                roster.add(joined);
                notice = texts.text("chat.entered", name);
                except = joined;
            } else {
                // A second join from a member's address renames it: the address keeps one identity.
                Member renamed = current.renamed(name);
                Optional<String> refused = claim(renamed, current, name);
                if (refused.isPresent()) {
                    return refused;
                }
                roster.replace(current, renamed);
                notice = texts.text("chat.renamed", current.name(), name);
                except = renamed;
            }
        }
        fanOut(notice, except);
        return Optional.of(RoomTexts.OK);
    }

    private Optional<String> say(Member member, String text) {
        fanOut(texts.text("chat.said", member.name(), text), member);
        return Optional.empty();
    }

    private Optional<String> leave(Member member) {
        if (!drop(member)) {
            return notMember();
        }
        fanOut(texts.text("chat.left", member.name()), null);
        return Optional.of(RoomTexts.EXIT);
    }

    @Override
    public Announcement announce(String text) {
        Optional<Refused> refused = Announcement.refusal(text, limits.maxDatagramBytes());
        if (refused.isPresent()) {
            return refused.get();
        }
        int recipients = roster.all().length + others.members().size();
        fanOut(texts.text("chat.announcement", text), null);
        return new Sent(recipients);
    }

    @Override
    public boolean remove(String name) {
        return removeHere(name) || others.remove(name);
    }

    /** Removes a member of this node's, at the admin's request (made here or on another node). */
    public boolean removeHere(String name) {
        Member member = roster.named(name);
        if (member == null || !drop(member)) {
            return false;
        }
        tell(member, texts.text("you.admin-removed"));
        fanOut(texts.text("chat.admin-removed", member.name()), null);
        return true;
    }

    @Override
    public List<Member> removeIdle() {
        long now = clock.nanoTime();
        long timeout = limits.idleTimeout().toNanos();
        List<Member> removed = new ArrayList<>();
        for (Member member : roster.all()) {
            if (member.silentFor(timeout, now) && drop(member)) {
                removed.add(member);
            }
        }
        String idle = RoomTexts.duration(limits.idleTimeout());
        for (Member member : removed) {
            tell(member, texts.text("you.idle-removed", idle));
            fanOut(texts.text("chat.idle-removed", member.name(), idle), null);
        }
        return removed;
    }

    @Override
    public List<MemberView> members() {
        List<MemberView> all = new ArrayList<>();
        for (Member m : roster.all()) {
            all.add(new MemberView(m.name(), RemoteAddress.hostAndPort(m.address()), others.nodeName(), m.joinedAt(), m.lastSeen()));
        }
        all.addAll(others.members());
        return all;
    }

    /** This node's members, for the node's own work (re-registering its names with the other nodes). */
    public Member[] localMembers() {
        return roster.all();
    }

    public boolean holds(Member member) {
        return roster.at(member.address()) == member;
    }

    /** Delivers a notice from another node to this node's members who had joined when it was sent. */
    public void deliverFromElsewhere(byte[] payload, long sentAtMillis) {
        delivery.toMembers(payload, roster.joinedBy(sentAtMillis), null);
    }

    @Override
    public int size() {
        return roster.all().length;
    }

    @Override
    public void stopAccepting() {
        accepting = false;
    }

    @Override
    public void startAccepting() {
        accepting = true;
    }

    private boolean drop(Member member) {
        if (!roster.remove(member)) {
            return false;
        }
        others.release(member);
        return true;
    }

    /**
     * To every other node's members, relayed, and to this node's (but {@code except}). The relay is handed over
     * first because it returns at once and its path (Redis, the other node) is the longer one: it then runs while
     * this thread sends to its own members, instead of starting after them.
     */
    private void fanOut(String text, Member except) {
        byte[] payload = text.getBytes(UTF_8);
        others.relay(payload);
        delivery.toMembers(payload, roster.all(), except);
    }

    /** Called holding the roster: the room-wide claim of a joining or renamed member's name. */
    private Optional<String> claim(Member member, Member renamedFrom, String name) {
        return switch (others.claim(member, renamedFrom, limits.maxMembers())) {
            case CLAIMED -> Optional.empty();
            case TAKEN -> {
                metrics.error("name-taken");
                yield Optional.of(texts.fail("fail.name-taken", name));
            }
            case FULL -> {
                metrics.error("full");
                yield Optional.of(texts.fail("fail.room-full", Integer.toString(limits.maxMembers())));
            }
            case UNAVAILABLE -> {
                metrics.error("unavailable");
                yield Optional.of(texts.fail("fail.unavailable"));
            }
        };
    }

    /** Names in the room: this node's in joining order, then the other nodes'. */
    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (Member member : roster.all()) {
            names.add(member.name());
        }
        others.members().forEach(view -> names.add(view.name()));
        return names;
    }

    private void tell(Member member, String text) {
        delivery.toMember(text.getBytes(UTF_8), member);
    }

    private Optional<String> notMember() {
        return error("not-member", "error.not-member");
    }

    private Optional<String> impersonation(Member member) {
        return error("impersonation", "error.impersonation", member.name());
    }

    private Optional<String> error(String kind, String key, Object... args) {
        metrics.error(kind);
        return Optional.of(texts.error(key, args));
    }
}
