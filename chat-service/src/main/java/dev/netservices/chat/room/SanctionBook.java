package dev.netservices.chat.room;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.netservices.common.time.ServiceClock;

/**
 * The bans and mutes this node knows, in memory, each until its end on the wall clock (a ban for 10 minutes ends 10
 * minutes of wall time later, on every node alike). On one node the only copy; with the cluster on a copy of Redis's,
 * replaced whole when Redis says it changed ({@link #replaceAll}). Reads take no lock: a line asks whether its sender
 * is muted, and while nobody is (the usual case) that is one look at an empty map. The addresses mutes hold on are
 * also indexed by address ({@link #mutedAddresses}, rebuilt on every change: changes are rare, lines are not).
 */
public final class SanctionBook implements Sanctions {

    private final ServiceClock clock;
    private volatile Map<String, Sanction> byKey = new ConcurrentHashMap<>();
    /** The {@link Kind#MUTE_ADDRESS} sanctions by their address, ended ones included until the next change. */
    private volatile Map<String, List<Sanction>> mutedAddresses = Map.of();

    public SanctionBook(ServiceClock clock) {
        this.clock = clock;
    }

    private static String keyOf(Kind kind, String target) {
        return kind + " " + target;
    }

    @Override
    public Sanction banned(String nameKey, InetAddress address) {
        Sanction byName = current(Kind.NAME_BAN, nameKey);
        return byName != null ? byName : current(Kind.ADDRESS_BAN, address.getHostAddress());
    }

    @Override
    public Sanction muted(String nameKey, InetAddress address) {
        if (byKey.isEmpty()) {
            return null;
        }
        Sanction byName = current(Kind.MUTE, nameKey);
        if (byName != null) {
            return byName;
        }
        List<Sanction> onAddress = mutedAddresses.get(address.getHostAddress());
        if (onAddress != null) {
            long now = clock.currentTimeMillis();
            for (Sanction mute : onAddress) {
                // Only while its mute stands: an address added as the admin lifted the mute holds on nothing.
                if (mute.untilMillis() > now && byKey.containsKey(keyOf(Kind.MUTE, mute.mutedName()))) {
                    return mute;
                }
            }
        }
        return null;
    }

    @Override
    public void cover(Sanction mute, InetAddress address) {
        coverNew(mute, address);
    }

    /** As {@link #cover}; the part on the address when it is new, else null (nothing to tell the other nodes). */
    public Sanction coverNew(Sanction mute, InetAddress address) {
        Sanction onAddress = Sanction.onAddress(mute, address);
        Sanction known = byKey.get(keyOf(Kind.MUTE_ADDRESS, onAddress.target()));
        if (known != null && known.untilMillis() == mute.untilMillis()) {
            return null;
        }
        put(onAddress);
        return onAddress;
    }

    private Sanction current(Kind kind, String target) {
        Map<String, Sanction> now = byKey;
        if (now.isEmpty()) {
            return null;
        }
        Sanction sanction = now.get(keyOf(kind, target));
        if (sanction == null) {
            return null;
        }
        if (sanction.untilMillis() <= clock.currentTimeMillis()) {
            now.remove(keyOf(kind, target), sanction);
            return null;
        }
        return sanction;
    }

    @Override
    public void put(Sanction sanction) {
        byKey.put(keyOf(sanction.kind(), sanction.target()), sanction);
        if (sanction.kind() == Kind.MUTE_ADDRESS) {
            reindex();
        }
    }

    /** False when there was no such sanction in force. A mute goes with the addresses it holds on. */
    @Override
    public boolean remove(Kind kind, String target) {
        Sanction removed = byKey.remove(keyOf(kind, target));
        if (kind == Kind.MUTE) {
            addressesOf(target).forEach(part -> byKey.remove(keyOf(Kind.MUTE_ADDRESS, part.target()), part));
            reindex();
        }
        return removed != null && removed.untilMillis() > clock.currentTimeMillis();
    }

    /** The parts of the mute on {@code nameKey} that hold on addresses, ended or not. */
    public List<Sanction> addressesOf(String nameKey) {
        List<Sanction> parts = new ArrayList<>();
        for (Sanction sanction : byKey.values()) {
            if (sanction.kind() == Kind.MUTE_ADDRESS && sanction.mutedName().equals(nameKey)) {
                parts.add(sanction);
            }
        }
        return parts;
    }

    private synchronized void reindex() {
        Map<String, List<Sanction>> index = new HashMap<>();
        for (Sanction sanction : byKey.values()) {
            if (sanction.kind() == Kind.MUTE_ADDRESS) {
                index.computeIfAbsent(sanction.address(), address -> new ArrayList<>()).add(sanction);
            }
        }
        mutedAddresses = index;
    }

    /** The sanctions of these kinds in force now, the ones ending first first. */
    @Override
    public List<Sanction> list(Collection<Kind> kinds) {
        long now = clock.currentTimeMillis();
        List<Sanction> listed = new ArrayList<>();
        for (Sanction sanction : byKey.values()) {
            if (kinds.contains(sanction.kind()) && sanction.untilMillis() > now) {
                listed.add(sanction);
            }
        }
        listed.sort(Comparator.comparingLong(Sanction::untilMillis));
        return listed;
    }

    /** Replaces every sanction by {@code sanctions} (as read from Redis). */
    public void replaceAll(Collection<Sanction> sanctions) {
        Map<String, Sanction> next = new ConcurrentHashMap<>();
        for (Sanction sanction : sanctions) {
            next.put(keyOf(sanction.kind(), sanction.target()), sanction);
        }
        byKey = next;
        reindex();
    }
}
