package dev.netservices.chat.room;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import dev.netservices.common.net.RemoteAddress;

/**
 * Who is in the room: this node's members (its {@link Roster}) and, through {@link OtherNodes}, the names held
 * room-wide. A change that must be decided and made in one step ({@link Admission}) holds this object's lock
 * around both; every change to the roster takes it too. Reads by address and of the members in joining order take
 * no lock: a line is sent far more often than anyone joins.
 */
public final class Membership {

    private final Roster roster = new Roster();
    private final OtherNodes others;

    public Membership(OtherNodes others) {
        this.others = others;
    }

    Member at(InetSocketAddress address) {
        return roster.at(address);
    }

    synchronized Member named(String name) {
        return roster.named(name);
    }

    /** This node's members in joining order: a snapshot, never changed once returned. */
    public Member[] here() {
        return roster.all();
    }

    /** This node's members who had joined by {@code millis} (wall time), for a notice relayed from another node. */
    public Member[] joinedBy(long millis) {
        return roster.joinedBy(millis);
    }

    /** Whether {@code member} is still this node's member under that name and address. */
    public boolean holds(Member member) {
        return roster.at(member.address()) == member;
    }

    /** This node's members now. */
    public int size() {
        return roster.all().length;
    }

    /** Called holding this lock: claims a joining or renamed member's name room-wide. */
    OtherNodes.Claim claim(Member member, Member renamedFrom, int maxMembers) {
        return others.claim(member, renamedFrom, maxMembers);
    }

    synchronized void add(Member member) {
        roster.add(member);
    }

    synchronized void replace(Member current, Member renamed) {
        roster.replace(current, renamed);
    }

    /** Removes a member of this node's and frees its name room-wide; false when it had already gone. */
    boolean drop(Member member) {
        synchronized (this) {
            if (!roster.remove(member)) {
                return false;
            }
        }
        others.release(member);
        return true;
    }

    /** Everyone, this node's members in joining order, then those of other nodes. */
    List<MemberView> views() {
        List<MemberView> all = new ArrayList<>();
        for (Member m : roster.all()) {
            all.add(new MemberView(m.name(), RemoteAddress.hostAndPort(m.address()), others.nodeName(), m.joinedAt(), m.lastSeen()));
        }
        all.addAll(others.members());
        return all;
    }

    /** Names in the room: this node's in joining order, then the other nodes'. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (Member member : roster.all()) {
            names.add(member.name());
        }
        others.members().forEach(view -> names.add(view.name()));
        return names;
    }

    /** Members on other nodes now. */
    int elsewhere() {
        return others.members().size();
    }

    /** Asks the node holding {@code name} to remove it; false when no other node holds it. */
    boolean removeElsewhere(String name) {
        return others.remove(name);
    }
}
