package dev.netservices.chat.room;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.netservices.common.net.RemoteAddress;

/**
 * Who is in the room: this node's members (its {@link Roster}) and, through {@link OtherNodes}, the names held
 * room-wide. A change that must be decided and made in one step ({@link Admission}) holds this object's lock
 * around both; every change to the roster takes it too. Reads by address and of the members in joining order take
 * no lock: a line is sent far more often than anyone joins.
 *
 * <p>A name being claimed room-wide is reserved here meanwhile ({@link #reserve}): it counts as taken and as a
 * member for the room's size, so that no second join can take it while the first waits for the other nodes.
 */
public final class Membership {

    private final Roster roster = new Roster();
    private final OtherNodes others;
    /** Joins and renames waiting for their room-wide claim, by the name's key; guarded by this. */
    private final Map<String, Member> reserved = new HashMap<>();

    public Membership(OtherNodes others) {
        this.others = others;
    }

    Member at(InetSocketAddress address) {
        return roster.at(address);
    }

    /** The member of this node holding {@code name}, or the join or rename reserving it. */
    synchronized Member named(String name) {
        Member member = roster.named(name);
        return member != null ? member : reserved.get(Member.keyOf(name));
    }

    /** Whether {@code member} is a join or rename still waiting for its claim. */
    synchronized boolean isReserved(Member member) {
        return reserved.get(member.key()) == member;
    }

    /** Whether a join or rename from {@code member}'s address is still waiting for its claim. */
    synchronized boolean isDeciding(InetSocketAddress address) {
        return reserved.values().stream().anyMatch(waiting -> waiting.address().equals(address));
    }

    synchronized void reserve(Member member) {
        reserved.put(member.key(), member);
    }

    synchronized void unreserve(Member member) {
        reserved.remove(member.key(), member);
    }

    /** The joins and renames waiting for their claim now: their names are held for them room-wide, or soon will be. */
    public synchronized List<Member> reserved() {
        return List.copyOf(reserved.values());
    }

    /** This node's members and the joins waiting for their claim: what counts against the room's size here. */
    synchronized int sizeWithReserved() {
        return roster.all().length + reserved.size();
    }

    /** This node's members in joining order: a snapshot, never changed once returned. */
    public Member[] here() {
        return roster.all();
    }

    /** This node's members in {@code room}, in the order they entered it: a snapshot, never changed once returned. */
    public Member[] in(RoomName room) {
        return roster.in(room);
    }

    /** This node's members who were in {@code room} by {@code millis} (wall time), for a notice relayed from another node. */
    public Member[] joinedBy(RoomName room, long millis) {
        return roster.joinedBy(room, millis);
    }

    /** The member of this node's with {@code name}, not counting joins still waiting for their claim; null if none. */
    public Member holding(String name) {
        return roster.named(name);
    }

    /** Moves a member of this node's to {@code room}; tells the other nodes without waiting. False when it had left. */
    boolean move(Member member, RoomName room, long nowMillis) {
        synchronized (this) {
            if (!holds(member)) {
                return false;
            }
            roster.move(member, room, nowMillis);
        }
        others.entered(member);
        return true;
    }

    /** Whether a member of another node holds {@code name} (false when they cannot be asked). */
    CompletableFuture<Boolean> heldElsewhere(String name) {
        return others.holds(name);
    }

    /** Whether {@code member} is still this node's member under that name and address. */
    public boolean holds(Member member) {
        return roster.at(member.address()) == member;
    }

    /** This node's members now. */
    public int size() {
        return roster.all().length;
    }

    /** Claims a joining or renamed member's name room-wide; called not holding this lock (the answer may take a while). */
    CompletableFuture<OtherNodes.Claim> claim(Member member, Member renamedFrom, int maxMembers) {
        return others.claim(member, renamedFrom, maxMembers);
    }

    /**
     * Frees a member's name room-wide: one claimed for a join or rename that was given up, or one whose member
     * {@link #remove left}. The answer completes once the name is free (at once on one node).
     */
    CompletableFuture<Boolean> release(Member member) {
        return others.release(member);
    }

    synchronized void add(Member member) {
        roster.add(member);
    }

    synchronized void replace(Member current, Member renamed) {
        roster.replace(current, renamed);
    }

    /** Removes a member of this node's and frees its name room-wide, without waiting; false when it had already gone. */
    boolean drop(Member member) {
        if (!remove(member)) {
            return false;
        }
        others.release(member);
        return true;
    }

    /** Removes a member from this node's roster only; its name stays claimed until {@link #release}. */
    synchronized boolean remove(Member member) {
        return roster.remove(member);
    }

    /** Everyone, this node's members in joining order, then those of other nodes (waits for them: not on a receive thread). */
    List<MemberView> views() {
        List<MemberView> all = new ArrayList<>();
        for (Member m : roster.all()) {
            all.add(new MemberView(m.name(), RemoteAddress.hostAndPort(m.address()), others.nodeName(), m.room().shown(),
                    m.joinedAt(), m.lastSeen()));
        }
        all.addAll(others.members().join());
        return all;
    }

    /** Names in {@code room}: this node's in entering order, then the other nodes' once they have answered. */
    CompletableFuture<List<String>> names(RoomName room) {
        List<String> here = new ArrayList<>();
        for (Member member : roster.in(room)) {
            here.add(member.name());
        }
        return others.members().thenApply(elsewhere -> {
            List<String> names = new ArrayList<>(here);
            elsewhere.stream().filter(view -> RoomName.of(view.room()).map(room::equals).orElse(false))
                    .forEach(view -> names.add(view.name()));
            return names;
        });
    }

    /** Rooms with members anywhere and how many: the lobby first, then by name. */
    CompletableFuture<Map<String, Integer>> rooms() {
        Map<RoomName, Integer> here = roster.rooms();
        return others.members().thenApply(elsewhere -> {
            Map<RoomName, Integer> counts = new HashMap<>(here);
            for (MemberView view : elsewhere) {
                RoomName.of(view.room()).ifPresent(room -> counts.merge(room, 1, Integer::sum));
            }
            Map<String, Integer> sorted = new LinkedHashMap<>();
            sorted.put(RoomName.LOBBY.shown(), counts.getOrDefault(RoomName.LOBBY, 0));
            counts.entrySet().stream().filter(e -> !e.getKey().isLobby())
                    .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(RoomName::key)))
                    .forEach(e -> sorted.put(e.getKey().shown(), e.getValue()));
            return sorted;
        });
    }

    /** Members on other nodes now (waits for them: not on a receive thread). */
    int elsewhere() {
        return others.members().join().size();
    }

    /** Members of {@code room} on other nodes now (waits for them: not on a receive thread). */
    int elsewhere(RoomName room) {
        return (int) others.members().join().stream().filter(view -> RoomName.of(view.room()).map(room::equals).orElse(false))
                .count();
    }

    /** Asks the node holding {@code name} to remove it (telling it {@code reason}, may be null); false when no other node holds it. */
    boolean removeElsewhere(String name, String reason) {
        return others.remove(name, reason);
    }
}
