package dev.netservices.chat.room;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;

/**
 * The bans and mutes in force. The room asks about them on every join and every line: from memory, never waiting
 * for another node (with the cluster on, {@code cluster/RedisSanctions} keeps this node's copy in step with Redis).
 * The admin sets, lifts and lists them ({@link Moderation}), on its request's thread.
 */
public interface Sanctions {

    /** What a sanction applies to. */
    enum Kind {
        /** A name may not join (compared like names). */
        NAME_BAN,
        /** No name may join from this IP address. */
        ADDRESS_BAN,
        /** The member's lines and private messages are refused; it still reads. */
        MUTE
    }

    /**
     * One ban or mute: {@code target} is a name's compared form or an IP address's text, {@code shown} as the admin
     * wrote it; until {@code untilMillis} (wall time); {@code by} the admin who set it.
     */
    record Sanction(Kind kind, String target, String shown, String reason, long untilMillis, String by) {
    }

    /** The ban that keeps {@code nameKey} or {@code address} out now, or null. */
    Sanction banned(String nameKey, InetAddress address);

    /** The mute on {@code nameKey} now, or null. */
    Sanction muted(String nameKey);

    /** Sets (or replaces) a ban or mute; with the cluster on, on every node. */
    void put(Sanction sanction);

    /** Lifts one; false when there was none in force. */
    boolean remove(Kind kind, String target);

    /** Those of {@code kinds} in force now, ending soonest first. */
    List<Sanction> list(Collection<Kind> kinds);
}
