package dev.netservices.chat.room;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.netservices.common.budget.TokenBucket;
import dev.netservices.common.time.ServiceClock;

/**
 * Who gets in, under which name: the join, the rename (a second join from a member's address) and the room-wide
 * claim of the name, with the member limit and the room's closing.
 * <pre>
 *   stranger --L name--> name rule broken?                 FAIL (the reason)
 *                        name held or reserved by another?  FAIL taken
 *                        a join from this address waiting?  nothing (its answer is on its way)
 *                        room closing? room full?           FAIL closing / FAIL full
 *                        reserve the name here, claim it room-wide   (one node: answered at once)
 *   claimed?             TAKEN / FULL / UNAVAILABLE: FAIL ...; CLAIMED: member, OK, everyone else told
 *                        "name entered the room"
 *   member   --L same name--> OK again, nobody told twice (a lost OK made the client retry)
 *   member   --L new name-->  the same checks, the old name given up in the same claim; OK, "old is now called new"
 *                             (if the member left while the claim was on its way: the new name is freed, nothing sent)
 * </pre>
 * Each check and the reservation are one step under {@link Membership}'s lock, so two joins never both take a name;
 * the claim itself runs outside it. With the cluster on, the claim is a question to Redis: the receive thread does
 * not wait for it. The answer comes through {@link Later}, so a slow or frozen Redis delays only the joins, never a
 * line, and a Redis known to be away answers {@code UNAVAILABLE} at once.
 */
public final class Admission {

    private final Membership membership;
    private final RoomTexts texts;
    private final RoomListener listener;
    private final ChatLimits limits;
    private final ServiceClock clock;
    private final Later later;
    private final long refillNanos;
    private final History history;
    private final Sanctions sanctions;
    private final RoomMoves replay;
    private volatile boolean accepting = true;

    public Admission(Membership membership, RoomTexts texts, RoomListener listener, ChatLimits limits, ServiceClock clock,
            Later later, History history, Sanctions sanctions) {
        this.membership = membership;
        this.texts = texts;
        this.listener = listener;
        this.limits = limits;
        this.clock = clock;
        this.later = later;
        this.refillNanos = limits.refill().toNanos();
        this.history = history;
        this.sanctions = sanctions;
        this.replay = new RoomMoves(membership, texts, limits, clock, later, history);
    }

    /** {@code current}: the member at the sender's address, or null for a stranger. */
    Sends join(Received datagram, Member current, String name, long nowNanos) {
        Optional<MemberName.Problem> badName = MemberName.problem(name);
        if (badName.isPresent()) {
            return fail(datagram, "name", badName.get().key(), badName.get().argument());
        }
        Sanctions.Sanction ban = sanctions.banned(Member.keyOf(name), datagram.from().getAddress());
        if (ban != null) {
            return fail(datagram, "banned", "fail.banned", texts.sanction(ban, clock.currentTimeMillis()));
        }
        Member candidate;
        synchronized (membership) {
            Member holder = membership.named(name);
            if (holder != null && holder.address().equals(datagram.from())) {
                if (membership.isReserved(holder)) {
                    return Sends.NOTHING; // a retried join while the first waits for its claim: the first is answered
                }
                if (current != null && holder.name().equals(name)) {
                    return Sends.of(datagram.reply(RoomTexts.OK));
                }
            } else if (holder != null) {
                return fail(datagram, "name-taken", "fail.name-taken", name);
            }
            if (membership.isDeciding(datagram.from())) {
                return Sends.NOTHING; // one decision at a time per address: the one waiting is answered
            }
            if (!accepting) {
                return fail(datagram, "closing", "fail.closing");
            }
            if (current == null && membership.sizeWithReserved() >= limits.maxMembers()) {
                return fail(datagram, "full", "fail.room-full", Integer.toString(limits.maxMembers()));
            }
            candidate = current == null
                    ? new Member(name, datagram.from(), clock.now(), nowNanos, new TokenBucket(limits.burst(), refillNanos, nowNanos))
                    : current.renamed(name);
            membership.reserve(candidate);
        }
        CompletableFuture<OtherNodes.Claim> claim = membership.claim(candidate, current, limits.maxMembers());
        // A newcomer gets the lobby's history right after its OK; it is read while the name is claimed.
        CompletableFuture<List<History.Line>> past = current == null ? history.last(RoomName.LOBBY)
                : CompletableFuture.completedFuture(List.of());
        if (claim.isDone() && past.isDone()) {
            return decide(datagram, candidate, current, claim.getNow(OtherNodes.Claim.UNAVAILABLE), past.getNow(List.of()), nowNanos);
        }
        CompletableFuture<List<History.Line>> pastOrNone = past.exceptionally(failure -> List.of());
        claim.exceptionally(failure -> OtherNodes.Claim.UNAVAILABLE).thenCombine(pastOrNone,
                (claimed, lines) -> decide(datagram, candidate, current, claimed, lines, nowNanos)).thenAccept(later::send);
        return Sends.NOTHING;
    }

    /** The join or rename once its name is claimed room-wide, or refused. */
    private Sends decide(Received datagram, Member candidate, Member current, OtherNodes.Claim claim,
            List<History.Line> past, long nowNanos) {
        Outgoing notice;
        synchronized (membership) {
            membership.unreserve(candidate);
            switch (claim) {
                case CLAIMED -> {
                }
                case TAKEN -> {
                    return fail(datagram, "name-taken", "fail.name-taken", candidate.name());
                }
                case FULL -> {
                    return fail(datagram, "full", "fail.room-full", Integer.toString(limits.maxMembers()));
                }
                case UNAVAILABLE -> {
                    return fail(datagram, "unavailable", "fail.unavailable");
                }
            }
            if (current == null) {
                candidate.seen(nowNanos, datagram.lineEnded());
                membership.add(candidate);
                notice = Outgoing.toEveryone(RoomName.LOBBY, texts.text("chat.entered", candidate.name()),
                        membership.in(RoomName.LOBBY), candidate);
            } else if (membership.holds(current)) {
                membership.replace(current, candidate);
                notice = Outgoing.toEveryone(candidate.room(), texts.text("chat.renamed", current.name(), candidate.name()),
                        membership.in(candidate.room()), candidate);
            } else {
                notice = null; // it left while the new name was being claimed
            }
        }
        if (notice == null) {
            membership.release(candidate);
            return Sends.NOTHING;
        }
        sanctions.muted(candidate); // a member that joins or is renamed under a muted name: its address is muted too
        List<Outgoing> sends = new ArrayList<>();
        sends.add(notice);
        sends.add(datagram.reply(RoomTexts.OK));
        replay.replay(sends, datagram, past);
        return new Sends(sends);
    }

    /** From now on joins are refused ("the room is closing"); members may still talk. */
    public void stopAccepting() {
        accepting = false;
    }

    /** Joins are taken again (the server was bound again after a stop). */
    public void startAccepting() {
        accepting = true;
    }

    private Sends fail(Received datagram, String kind, String key, Object... args) {
        listener.refused(kind);
        return Sends.of(datagram.reply(texts.fail(key, args)));
    }
}
