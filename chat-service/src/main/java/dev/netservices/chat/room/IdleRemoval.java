package dev.netservices.chat.room;

import java.util.ArrayList;
import java.util.List;

import dev.netservices.common.time.ServiceClock;

/**
 * Removes the members silent for longer than {@code chat.idle-timeout}: each is told, and so is the room. Silence is
 * measured on the monotonic clock, from the last datagram of any kind ({@code /ping} keeps a member in).
 */
public final class IdleRemoval {

    private final Membership membership;
    private final RoomTexts texts;
    private final ChatLimits limits;
    private final ServiceClock clock;

    public IdleRemoval(Membership membership, RoomTexts texts, ChatLimits limits, ServiceClock clock) {
        this.membership = membership;
        this.texts = texts;
        this.limits = limits;
        this.clock = clock;
    }

    /** The members removed now, and what tells them and the room. */
    public record Removed(List<Member> members, Sends sends) {
    }

    public Removed removeIdle() {
        long now = clock.nanoTime();
        long timeout = limits.idleTimeout().toNanos();
        List<Member> removed = new ArrayList<>();
        for (Member member : membership.here()) {
            if (member.silentFor(timeout, now) && membership.drop(member)) {
                removed.add(member);
            }
        }
        if (removed.isEmpty()) {
            return new Removed(List.of(), Sends.NOTHING);
        }
        String idle = RoomTexts.duration(limits.idleTimeout());
        List<Outgoing> sends = new ArrayList<>();
        for (Member member : removed) {
            sends.add(Outgoing.toMember(texts.text("you.idle-removed", idle), member));
            sends.add(Outgoing.toEveryone(member.room(), texts.text("chat.idle-removed", member.name(), idle), membership.in(member.room()), null));
        }
        return new Removed(removed, new Sends(sends));
    }
}
