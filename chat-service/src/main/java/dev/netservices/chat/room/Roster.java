package dev.netservices.chat.room;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's members: by name, by address, and as an array in joining order. Changes are made under
 * {@link Membership}'s lock (and this one's, which guards the name map); reads by address and of the array take
 * none, because a line is sent far more often than anyone joins.
 */
final class Roster {

    /** By {@link Member#key()}; guarded by this. */
    private final Map<String, Member> byName = new HashMap<>();
    private final Map<InetSocketAddress, Member> byAddress = new ConcurrentHashMap<>();
    private volatile Member[] inJoiningOrder = new Member[0];

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

    /**
     * The members who had joined by {@code millis} (wall time): a relayed notice takes a moment, and who joins
     * meanwhile must not hear of what happened before. The array is in joining order, so they are a prefix.
     */
    Member[] joinedBy(long millis) {
        Member[] all = inJoiningOrder;
        int joined = all.length;
        while (joined > 0 && all[joined - 1].joinedAt().toEpochMilli() > millis) {
            joined--;
        }
        return joined == all.length ? all : Arrays.copyOf(all, joined);
    }

    synchronized void add(Member member) {
        byName.put(member.key(), member);
        byAddress.put(member.address(), member);
        publish(null, member);
    }

    synchronized void replace(Member current, Member renamed) {
        byName.remove(current.key());
        byName.put(renamed.key(), renamed);
        byAddress.put(renamed.address(), renamed);
        publish(current, renamed);
    }

    /** Removes the member if it is still the one at its address; false when someone else got there first. */
    synchronized boolean remove(Member member) {
        if (!byAddress.remove(member.address(), member)) {
            return false;
        }
        byName.remove(member.key(), member);
        publish(member, null);
        return true;
    }

    /** Replaces {@code gone} by {@code added} (either may be null; a new member goes last) in a new array. */
    private void publish(Member gone, Member added) {
        List<Member> next = new ArrayList<>(inJoiningOrder.length + 1);
        for (Member member : inJoiningOrder) {
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
        inJoiningOrder = next.toArray(Member[]::new);
    }
}
