package dev.netservices.chat.room;

import java.util.List;
import java.util.Optional;

import dev.netservices.chat.room.Announcement.Refused;
import dev.netservices.chat.room.Announcement.Sent;

/**
 * What the admin does to the room: announce to everyone, list the members, remove one (held here or on another
 * node). Like the room it sends nothing itself: each action returns what is to be sent.
 */
public final class Moderation {

    private final Membership membership;
    private final RoomTexts texts;
    private final ChatLimits limits;

    public Moderation(Membership membership, RoomTexts texts, ChatLimits limits) {
        this.membership = membership;
        this.texts = texts;
        this.limits = limits;
    }

    /** The admin's announcement to every member, unless it breaks a rule (empty, too long, not one line). */
    public Announcement announce(String text) {
        Optional<Refused> refused = Announcement.refusal(text, limits.maxDatagramBytes());
        if (refused.isPresent()) {
            return refused.get();
        }
        Member[] here = membership.here();
        int recipients = here.length + membership.elsewhere();
        return new Sent(recipients, Sends.of(Outgoing.toEveryone(texts.text("chat.announcement", text), here, null)));
    }

    /** Everyone in the room: this node's members in joining order, then those of other nodes. */
    public List<MemberView> members() {
        return membership.views();
    }

    /**
     * Removes the named member, telling it and the room; a member held by another node is asked to be removed there.
     * Empty when nobody in the room has that name.
     */
    public Optional<Sends> remove(String name) {
        Sends here = removeHere(name);
        if (!here.isEmpty()) {
            return Optional.of(here);
        }
        return membership.removeElsewhere(name) ? Optional.of(Sends.NOTHING) : Optional.empty();
    }

    /** Removes a member of this node's (at the admin's request, made here or on another node); nothing when not here. */
    public Sends removeHere(String name) {
        Member member = membership.named(name);
        if (member == null || !membership.drop(member)) {
            return Sends.NOTHING;
        }
        return Sends.of(Outgoing.toMember(texts.text("you.admin-removed"), member),
                Outgoing.toEveryone(texts.text("chat.admin-removed", member.name()), membership.here(), null));
    }
}
