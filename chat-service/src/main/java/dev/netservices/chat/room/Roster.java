package dev.netservices.chat.room;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's members: by name, by address, as an array in joining order, and as one array per room in the order
 * they entered it. Changes are made under {@link Membership}'s lock (and this one's, which guards the name map);
 * reads by address and of the arrays take none, because a line is sent far more often than anyone joins.
 */
final class Roster {

    private static final Member[] NOBODY = new Member[0];

    /** By {@link Member#key()}; guarded by this. */
    private final Map<String, Member> byName = new HashMap<>();
    private final Map<InetSocketAddress, Member> byAddress = new ConcurrentHashMap<>();
    /** By {@link RoomName#key()}: copy-on-write arrays in entering order; a room nobody is in here has none. */
    private final Map<String, Member[]> byRoom = new ConcurrentHashMap<>();
    private volatile Member[] inJoiningOrder = NOBODY;

    Member at(InetSocketAddress address) {
        return byAddress.get(address);
    }

    synchronized Member named(String name) {
        return byName.get(Member.keyOf(name));
    }

    /** A copy-on-write snapshot: never changed once returned. */
    Member[] all() {
        return inJoiningOrder;
    }

    /** The members in {@code room}, in the order they entered it: a snapshot, never changed once returned. */
    Member[] in(RoomName room) {
        return byRoom.getOrDefault(room.key(), NOBODY);
    }

    /** Rooms with members here, by shown name (the first member's spelling), with how many. */
    synchronized Map<RoomName, Integer> rooms() {
        Map<RoomName, Integer> rooms = new LinkedHashMap<>();
        byRoom.forEach((key, members) -> rooms.put(members[0].room(), members.length));
        return rooms;
    }

    /**
     * The members of {@code room} who were in it by {@code millis} (wall time): a relayed notice takes a moment, and
     * who enters meanwhile must not hear of what happened before. The array is in entering order, so they are a prefix.
     */
    Member[] joinedBy(RoomName room, long millis) {
        Member[] all = in(room);
        int joined = all.length;
        while (joined > 0 && all[joined - 1].enteredMillis() > millis) {
            joined--;
        }
        return joined == all.length ? all : Arrays.copyOf(all, joined);
    }

    synchronized void add(Member member) {
        byName.put(member.key(), member);
        byAddress.put(member.address(), member);
        inJoiningOrder = replaced(inJoiningOrder, null, member);
        byRoom.put(member.room().key(), replaced(in(member.room()), null, member));
    }

    synchronized void replace(Member current, Member renamed) {
        byName.remove(current.key());
        byName.put(renamed.key(), renamed);
        byAddress.put(renamed.address(), renamed);
        inJoiningOrder = replaced(inJoiningOrder, current, renamed);
        byRoom.put(current.room().key(), replaced(in(current.room()), current, renamed));
    }

    /** Moves {@code member} (still this roster's) to {@code next}, last in its entering order. */
    synchronized void move(Member member, RoomName next, long nowMillis) {
        leaveRoom(member);
        member.enter(next, nowMillis);
        byRoom.put(next.key(), replaced(in(next), null, member));
    }

    /** Removes the member if it is still the one at its address; false when someone else got there first. */
    synchronized boolean remove(Member member) {
        if (!byAddress.remove(member.address(), member)) {
            return false;
        }
        byName.remove(member.key(), member);
        inJoiningOrder = replaced(inJoiningOrder, member, null);
        leaveRoom(member);
        return true;
    }

    private void leaveRoom(Member member) {
        Member[] rest = replaced(in(member.room()), member, null);
        if (rest.length == 0) {
            byRoom.remove(member.room().key());
        } else {
            byRoom.put(member.room().key(), rest);
        }
    }

    /** {@code members} with {@code gone} replaced by {@code added} (either may be null; a new member goes last). */
    private static Member[] replaced(Member[] members, Member gone, Member added) {
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
        return next.toArray(Member[]::new);
    }
}
