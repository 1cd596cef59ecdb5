package dev.netservices.chat.room;

import java.util.Optional;

import dev.netservices.common.budget.TokenBucket;
import dev.netservices.common.time.ServiceClock;

/**
 * Who gets in, under which name: the join, the rename (a second join from a member's address) and the room-wide
 * claim of the name, with the member limit and the room's closing.
 * <pre>
 *   stranger --L name--> name rule broken?          FAIL (the reason)
 *                        name held by another?       FAIL taken
 *                        room closing? room full?    FAIL closing / FAIL full
 *                        claim room-wide             TAKEN / FULL / UNAVAILABLE: FAIL ...; CLAIMED: member, OK,
 *                                                    everyone else told "name entered the room"
 *   member   --L same name--> OK again, nobody told twice (a lost OK made the client retry)
 *   member   --L new name-->  the same checks, the old name given up in the same claim; OK, "old is now called new"
 * </pre>
 * The decision and the change are one step under {@link Membership}'s lock, so two joins never both take a name.
 */
public final class Admission {

    private final Membership membership;
    private final RoomTexts texts;
    private final RoomListener listener;
    private final ChatLimits limits;
    private final ServiceClock clock;
    private final long refillNanos;
    private volatile boolean accepting = true;

    public Admission(Membership membership, RoomTexts texts, RoomListener listener, ChatLimits limits, ServiceClock clock) {
        this.membership = membership;
        this.texts = texts;
        this.listener = listener;
        this.limits = limits;
        this.clock = clock;
        this.refillNanos = limits.refill().toNanos();
    }

    /** {@code current}: the member at the sender's address, or null for a stranger. */
    Sends join(Received datagram, Member current, String name, long nowNanos) {
        Optional<MemberName.Problem> badName = MemberName.problem(name);
        if (badName.isPresent()) {
            return fail(datagram, "name", badName.get().key(), badName.get().argument());
        }
        Outgoing notice;
        synchronized (membership) {
            Member holder = membership.named(name);
            if (holder != null && current != null && holder.address().equals(datagram.from())) {
                if (holder.name().equals(name)) {
                    return Sends.of(datagram.reply(RoomTexts.OK));
                }
            } else if (holder != null) {
                return fail(datagram, "name-taken", "fail.name-taken", name);
            }
            if (!accepting) {
                return fail(datagram, "closing", "fail.closing");
            }
            if (current == null) {
                if (membership.size() >= limits.maxMembers()) {
                    return fail(datagram, "full", "fail.room-full", Integer.toString(limits.maxMembers()));
                }
                Member joined = new Member(name, datagram.from(), clock.now(), nowNanos,
                        new TokenBucket(limits.burst(), refillNanos, nowNanos));
                Sends refused = claim(datagram, joined, null, name);
                if (refused != null) {
                    return refused;
                }
                joined.seen(nowNanos, datagram.lineEnded());
                membership.add(joined);
                notice = Outgoing.toEveryone(texts.text("chat.entered", name), membership.here(), joined);
            } else {
                Member renamed = current.renamed(name);
                Sends refused = claim(datagram, renamed, current, name);
                if (refused != null) {
                    return refused;
                }
                membership.replace(current, renamed);
                notice = Outgoing.toEveryone(texts.text("chat.renamed", current.name(), name), membership.here(), renamed);
            }
        }
        return Sends.of(notice, datagram.reply(RoomTexts.OK));
    }

    /** From now on joins are refused ("the room is closing"); members may still talk. */
    public void stopAccepting() {
        accepting = false;
    }

    /** Joins are taken again (the server was bound again after a stop). */
    public void startAccepting() {
        accepting = true;
    }

    /** Called holding the membership's lock: null when the name is claimed room-wide, else the refusal. */
    private Sends claim(Received datagram, Member member, Member renamedFrom, String name) {
        return switch (membership.claim(member, renamedFrom, limits.maxMembers())) {
            case CLAIMED -> null;
            case TAKEN -> fail(datagram, "name-taken", "fail.name-taken", name);
            case FULL -> fail(datagram, "full", "fail.room-full", Integer.toString(limits.maxMembers()));
            case UNAVAILABLE -> fail(datagram, "unavailable", "fail.unavailable");
        };
    }

    private Sends fail(Received datagram, String kind, String key, Object... args) {
        listener.refused(kind);
        return Sends.of(datagram.reply(texts.fail(key, args)));
    }
}
