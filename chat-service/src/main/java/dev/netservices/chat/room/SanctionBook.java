package dev.netservices.chat.room;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.netservices.common.time.ServiceClock;

/**
 * The bans and mutes this node knows, in memory, each until its end on the wall clock (a ban for 10 minutes ends 10
 * minutes of wall time later, on every node alike). On one node the only copy; with the cluster on a copy of Redis's,
 * replaced whole when Redis says it changed ({@link #replaceAll}). Reads take no lock: a line asks whether its sender
 * is muted, and while nobody is (the usual case) that is one look at an empty map.
 */
public final class SanctionBook implements Sanctions {

    private final ServiceClock clock;
    private volatile Map<String, Sanction> byKey = new ConcurrentHashMap<>();

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
    public Sanction muted(String nameKey) {
        return byKey.isEmpty() ? null : current(Kind.MUTE, nameKey);
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
    }

    /** False when there was no such sanction in force. */
    @Override
    public boolean remove(Kind kind, String target) {
        Sanction removed = byKey.remove(keyOf(kind, target));
        return removed != null && removed.untilMillis() > clock.currentTimeMillis();
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
    }
}
