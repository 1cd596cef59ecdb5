package dev.netservices.chat.room;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.netservices.chat.room.Announcement.Refused;
import dev.netservices.chat.room.Announcement.Sent;
import dev.netservices.common.time.ServiceClock;

/**
 * What the admin does to the rooms: announce to everyone or to one room, list members and rooms, remove a member
 * (held here or on another node) with a reason, ban and mute. Like the room it sends nothing itself: each action
 * returns what is to be sent.
 */
public final class Moderation {

    /** An IPv4 or IPv6 literal, which {@link InetAddress#getByName} parses without a lookup. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final Membership membership;
    private final RoomTexts texts;
    private final ChatLimits limits;
    private final History history;
    private final Sanctions sanctions;
    private final ServiceClock clock;

    public Moderation(Membership membership, RoomTexts texts, ChatLimits limits, History history, Sanctions sanctions,
            ServiceClock clock) {
        this.membership = membership;
        this.texts = texts;
        this.limits = limits;
        this.history = history;
        this.sanctions = sanctions;
        this.clock = clock;
    }

    /** The admin's announcement to every member of every room, unless it breaks a rule (empty, too long, not one line). */
    public Announcement announce(String text) {
        Optional<Refused> refused = Announcement.refusal(text, limits.maxDatagramBytes());
        if (refused.isPresent()) {
            return refused.get();
        }
        Member[] here = membership.here();
        int recipients = here.length + membership.elsewhere();
        return new Sent(recipients, Sends.of(Outgoing.toEveryone(null, texts.text("chat.announcement", text), here, null)));
    }

    /** The admin's announcement to one room (kept in its history); {@code room} is checked by the caller. */
    public Announcement announce(RoomName room, String text) {
        Optional<Refused> refused = Announcement.refusal(text, limits.maxDatagramBytes());
        if (refused.isPresent()) {
            return refused.get();
        }
        Member[] here = membership.in(room);
        int recipients = here.length + membership.elsewhere(room);
        String line = texts.text("chat.announcement", text);
        history.keep(room, clock.currentTimeMillis(), line);
        return new Sent(recipients, Sends.of(Outgoing.toEveryone(room, line, here, null)));
    }

    /** Everyone in the room: this node's members in joining order, then those of other nodes. */
    public List<MemberView> members() {
        return membership.views();
    }

    /** Rooms with members anywhere and how many, the lobby first (waits for the other nodes: not on a receive thread). */
    public Map<String, Integer> rooms() {
        return membership.rooms().join();
    }

    /** As {@link #remove(String, String)} without a reason. */
    public Optional<Sends> remove(String name) {
        return remove(name, null);
    }

    /**
     * Removes the named member, telling it (with {@code reason}, if any) and its room; a member held by another node is
     * asked to be removed there. Empty when nobody has that name.
     */
    public Optional<Sends> remove(String name, String reason) {
        Sends here = removeHere(name, reason);
        if (!here.isEmpty()) {
            return Optional.of(here);
        }
        return membership.removeElsewhere(name, reason) ? Optional.of(Sends.NOTHING) : Optional.empty();
    }

    /** Removes a member of this node's (at the admin's request, made here or on another node); nothing when not here. */
    public Sends removeHere(String name, String reason) {
        Member member = membership.named(name);
        if (member == null || !membership.drop(member)) {
            return Sends.NOTHING;
        }
        String told = reason == null || reason.isBlank() ? texts.text("you.admin-removed")
                : texts.text("you.admin-removed-because", reason);
        return Sends.of(Outgoing.toMember(told, member), Outgoing.toEveryone(member.room(),
                texts.text("chat.admin-removed", member.name()), membership.in(member.room()), null));
    }

    /**
     * Sets a ban or mute and removes the members of this node's a ban now keeps out. A mute holds on the IP address of
     * the member holding the name, on any node, too (and on the addresses it held on already, now until its new end).
     */
    public Sends sanction(Sanctions.Sanction sanction) {
        sanctions.put(sanction);
        if (sanction.kind() == Sanctions.Kind.MUTE) {
            for (Sanctions.Sanction part : sanctions.list(List.of(Sanctions.Kind.MUTE_ADDRESS))) {
                if (part.mutedName().equals(sanction.target())) {
                    cover(sanction, part.address());
                }
            }
            for (MemberView member : membership.views()) {
                if (Member.keyOf(member.name()).equals(sanction.target())) {
                    cover(sanction, member.address().substring(0, Math.max(0, member.address().lastIndexOf(':'))));
                }
            }
        }
        return enforceBans();
    }

    /** {@code ip}: an address as written by {@link InetAddress#getHostAddress()}; anything else (a "-") is skipped, never looked up. */
    private void cover(Sanctions.Sanction mute, String ip) {
        if (!IP_LITERAL.matcher(ip).matches()) {
            return;
        }
        try {
            sanctions.cover(mute, InetAddress.getByName(ip)); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            // not an address after all: nothing to hold on
        }
    }

    public boolean lift(Sanctions.Kind kind, String target) {
        return sanctions.remove(kind, target);
    }

    public List<Sanctions.Sanction> sanctions(List<Sanctions.Kind> kinds) {
        return sanctions.list(kinds);
    }

    /** Removes every member of this node's that a ban in force keeps out, telling each why and its room. */
    public Sends enforceBans() {
        List<Outgoing> sends = new ArrayList<>();
        for (Member member : membership.here()) {
            Sanctions.Sanction ban = sanctions.banned(member.key(), member.address().getAddress());
            if (ban != null && membership.drop(member)) {
                sends.add(Outgoing.toMember(texts.text("you.banned", texts.sanction(ban, clock.currentTimeMillis())), member));
                sends.add(Outgoing.toEveryone(member.room(), texts.text("chat.admin-removed", member.name()),
                        membership.in(member.room()), null));
            }
        }
        return new Sends(sends);
    }
}
