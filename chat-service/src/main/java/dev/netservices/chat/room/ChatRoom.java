package dev.netservices.chat.room;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.netservices.chat.ChatMetrics;
import dev.netservices.chat.ChatProperties;
import dev.netservices.chat.room.ChatCommand.Help;
import dev.netservices.chat.room.ChatCommand.Invalid;
import dev.netservices.chat.room.ChatCommand.Join;
import dev.netservices.chat.room.ChatCommand.Leave;
import dev.netservices.chat.room.ChatCommand.Ping;
import dev.netservices.chat.room.ChatCommand.Quit;
import dev.netservices.chat.room.ChatCommand.Say;
import dev.netservices.chat.room.ChatCommand.Talk;
import dev.netservices.chat.room.ChatCommand.Who;

/**
 * The room's rules on one node: unique names, identity bound to the joining address, the member limit,
 * flood control, idle removal, and who is told what.
 *
 * <p>Threads: different senders are handled in parallel, one sender's datagrams in order. Membership
 * changes (join, rename, leave, removal) take one lock; the fan-out path takes none: it reads a
 * copy-on-write array of members, because a line is sent far more often than anyone joins.
 */
public final class ChatRoom implements Room {

    private final RoomTexts texts;
    private final Delivery delivery;
    private final ChatMetrics metrics;
    private final ChatProperties limits;
    private final Clock clock;
    private final StrangerBudget strangers;

    private final Object membership = new Object();
    /** By {@link Member#key()}; guarded by {@code membership}. */
    private final Map<String, Member> byName = new HashMap<>();
    private final Map<InetSocketAddress, Member> byAddress = new ConcurrentHashMap<>();
    private volatile Member[] members = new Member[0];
    private volatile boolean accepting = true;

    public ChatRoom(RoomTexts texts, Delivery delivery, ChatMetrics metrics, ChatProperties limits, Clock clock) {
        this.texts = texts;
        this.delivery = delivery;
        this.metrics = metrics;
        this.limits = limits;
        this.clock = clock;
        this.strangers = new StrangerBudget(limits.flood().strangerBurst(), limits.flood().strangerPerSecond(),
                limits.flood().strangerAddresses());
        metrics.watchMembers(this::size);
    }

    @Override
    public Optional<String> handle(InetSocketAddress from, ChatCommand command, boolean lineEnded) {
        Instant now = clock.instant();
        Member member = byAddress.get(from);
        if (member != null) {
            member.seen(now, lineEnded);
            if (!member.flood().tryTake(nanos(now))) {
                return error("flood", "error.flood", perSecond(), Integer.toString(limits.flood().burst()));
            }
        } else if (!strangers.tryTake(from.getAddress(), nanos(now))) {
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
            case Who who -> member == null ? notMember() : Optional.of(who());
            case Ping ping -> Optional.of(RoomTexts.PONG);
            case Help help -> Optional.of(texts.text(member == null ? "chat.help-stranger" : "chat.help"));
        };
    }

    private Optional<String> join(InetSocketAddress from, Member current, String name, Instant now, boolean lineEnded) {
        Optional<String> badName = MemberName.problem(name);
        if (badName.isPresent()) {
            metrics.error("name");
            return Optional.of(texts.fail(badName.get(), MemberName.MAX_CHARACTERS));
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
                Member joined = new Member(name, from, now,
                        new TokenBucket(limits.flood().burst(), limits.flood().perSecond(), nanos(now)));
                joined.seen(now, lineEnded);
                put(joined);
                notice = texts.text("chat.entered", name);
                except = joined;
            } else {
                // A second join from a member's address renames it: the address keeps one identity.
                Member renamed = current.renamed(name);
                byName.remove(current.key());
                put(renamed);
                notice = texts.text("chat.renamed", current.name(), name);
                except = renamed;
            }
            publish();
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
    public int announce(String text) {
        Member[] now = members;
        fanOut(texts.text("chat.announcement", text), null);
        return now.length;
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
    public List<Member> removeIdle(Instant now) {
        Instant silentSince = now.minus(limits.idleTimeout());
        List<Member> removed = new ArrayList<>();
        for (Member member : members) {
            if (member.lastSeen().isBefore(silentSince) && drop(member)) {
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
                .map(m -> new MemberView(m.name(), m.address().getAddress().getHostAddress() + ":" + m.address().getPort(),
                        m.joinedAt(), m.lastSeen()))
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

    /** {@code members (3): alice, bob, carol}, cut with "and N more" where the list would not fit one datagram. */
    private String who() {
        Member[] now = members;
        StringBuilder names = new StringBuilder();
        int budget = limits.maxDatagramBytes() - 64;
        int listed = 0;
        for (Member member : now) {
            int bytes = member.name().getBytes(UTF_8).length + 2;
            if (budget - bytes < 0) {
                break;
            }
            budget -= bytes;
            names.append(listed == 0 ? "" : ", ").append(member.name());
            listed++;
        }
        if (listed < now.length) {
            names.append(texts.text("chat.who-more", Integer.toString(now.length - listed)));
        }
        return texts.text("chat.who", Integer.toString(now.length), names.toString());
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
            publish();
            return true;
        }
    }

    /** Called under {@code membership}: the fan-out path reads the array without a lock. */
    private void publish() {
        List<Member> ordered = new ArrayList<>(byAddress.values());
        ordered.sort((a, b) -> a.joinedAt().compareTo(b.joinedAt()));
        members = ordered.toArray(Member[]::new);
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
        double rate = limits.flood().perSecond();
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
