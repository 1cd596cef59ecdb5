package dev.netservices.chat.room;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.netservices.chat.observability.ChatMetrics;
import dev.netservices.chat.room.Announcement.Refused;
import dev.netservices.chat.room.Announcement.Rule;
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
 * changes (join, rename, leave, removal) take one lock; the fan-out path takes none: it reads a
 * copy-on-write array of members, because a line is sent far more often than anyone joins.
 *
 * <p>Time: every rate window and the idle timeout run on the monotonic {@link ServiceClock#nanoTime()}.
 */
public final class ChatRoom implements Room {

    private final RoomTexts texts;
    private final Delivery delivery;
    private final ChatMetrics metrics;
    private final ChatLimits limits;
    private final ServiceClock clock;
    private final StrangerBudget strangers;

    private final Object membership = new Object();
    /** By {@link Member#key()}; guarded by {@code membership}. */
    private final Map<String, Member> byName = new HashMap<>();
    private final Map<InetSocketAddress, Member> byAddress = new ConcurrentHashMap<>();
    private volatile Member[] members = new Member[0];
    private volatile boolean accepting = true;

    public ChatRoom(RoomTexts texts, Delivery delivery, ChatMetrics metrics, ChatLimits limits, ServiceClock clock) {
        this.texts = texts;
        this.delivery = delivery;
        this.metrics = metrics;
        this.limits = limits;
        this.clock = clock;
        this.strangers = new StrangerBudget(limits.strangerBurst(), limits.strangerPerSecond(), limits.strangerAddresses());
        metrics.watchMembers(this::size);
    }

    @Override
    public Optional<String> handle(InetSocketAddress from, ChatCommand command, boolean lineEnded) {
        long now = clock.nanoTime();
        Member member = byAddress.get(from);
        if (member != null) {
            member.seen(now, lineEnded);
            if (!member.flood().tryTake(now)) {
                return error("flood", "error.flood", perSecond(), Integer.toString(limits.burst()));
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
            case Who who -> member == null ? notMember() : Optional.of(texts.who(members, limits.maxDatagramBytes()));
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
        synchronized (membership) {
            Member holder = byName.get(Member.keyOf(name));
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
                if (byName.size() >= limits.maxMembers()) {
                    metrics.error("full");
                    return Optional.of(texts.fail("fail.room-full", Integer.toString(limits.maxMembers())));
                }
                Member joined = new Member(name, from, clock.now(), now, new TokenBucket(limits.burst(), limits.perSecond(), now));
                joined.seen(now, lineEnded);
                put(joined);
                publish(null, joined);
                notice = texts.text("chat.entered", name);
                except = joined;
            } else {
                // A second join from a member's address renames it: the address keeps one identity.
                Member renamed = current.renamed(name);
                byName.remove(current.key());
                put(renamed);
                publish(current, renamed);
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
        if (text == null || text.isBlank()) {
            return new Refused(Rule.EMPTY, "The announcement has no text.");
        }
        int bytes = text.getBytes(UTF_8).length;
        if (bytes > limits.maxDatagramBytes()) {
            return new Refused(Rule.TOO_LONG, "The announcement has %d bytes of UTF-8; at most %d fit one datagram (chat.max-datagram-bytes)."
                    .formatted(bytes, limits.maxDatagramBytes()));
        }
        if (!OneLine.allows(text)) {
            return new Refused(Rule.CONTROL_CHARACTERS,
                    "An announcement is one line: control characters other than tab are not allowed.");
        }
        Member[] now = members;
        fanOut(texts.text("chat.announcement", text), null);
        return new Sent(now.length);
    }

    @Override
    public boolean remove(String name) {
        Member member;
        synchronized (membership) {
            member = byName.get(Member.keyOf(name));
        }
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
        for (Member member : members) {
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
        return Arrays.stream(members)
                .map(m -> new MemberView(m.name(), RemoteAddress.hostAndPort(m.address()), m.joinedAt(), m.lastSeen()))
                .toList();
    }

    @Override
    public int size() {
        return members.length;
    }

    @Override
    public void stopAccepting() {
        accepting = false;
    }

    @Override
    public void startAccepting() {
        accepting = true;
    }

    private void put(Member member) {
        byName.put(member.key(), member);
        byAddress.put(member.address(), member);
    }

    /** Removes the member if it is still the one at its address; false when someone else got there first. */
    private boolean drop(Member member) {
        synchronized (membership) {
            if (!byAddress.remove(member.address(), member)) {
                return false;
            }
            byName.remove(member.key(), member);
            publish(member, null);
            return true;
        }
    }

    /**
     * Called under {@code membership}: replaces {@code gone} by {@code added} (either may be null; a new member
     * goes last, so the array stays in joining order) in a new array, which the fan-out path reads without a lock.
     */
    private void publish(Member gone, Member added) {
        List<Member> next = new ArrayList<>(members.length + 1);
        for (Member member : members) {
            if (member != gone) {
                next.add(member);
            } else if (added != null) {
                next.add(added);
                added = null;
            }
        }
        if (added != null) {
            next.add(added);
        }
        members = next.toArray(Member[]::new);
    }

    private void fanOut(String text, Member except) {
        delivery.toMembers(text.getBytes(UTF_8), members, except);
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

    private String perSecond() {
        double rate = limits.perSecond();
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
