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
        MUTE,
        /**
         * The part of a mute that holds on an IP address the muted member was heard from, so that a rename, or a leave
         * and a rejoin under another name, stays muted: target {@code ip nameKey} (the mute it belongs to), shown as
         * the mute's name; it ends with the mute and is lifted with it.
         */
        MUTE_ADDRESS
    }

    /**
     * One ban or mute: {@code target} is a name's compared form or an IP address's text, {@code shown} as the admin
     * wrote it; until {@code untilMillis} (wall time); {@code by} the admin who set it.
     */
    record Sanction(Kind kind, String target, String shown, String reason, long untilMillis, String by) {

        /** The part of {@code mute} that holds on {@code address}. */
        public static Sanction onAddress(Sanction mute, InetAddress address) {
            return new Sanction(Kind.MUTE_ADDRESS, address.getHostAddress() + " " + mute.target(), mute.shown(), mute.reason(),
                    mute.untilMillis(), mute.by());
        }

        /** For a {@link Kind#MUTE_ADDRESS}: the address it holds on. */
        public String address() {
            return target.substring(0, target.indexOf(' '));
        }

        /** For a {@link Kind#MUTE_ADDRESS}: the key of the name whose mute it belongs to. */
        public String mutedName() {
            return target.substring(target.indexOf(' ') + 1);
        }
    }

    /** The ban that keeps {@code nameKey} or {@code address} out now, or null. */
    Sanction banned(String nameKey, InetAddress address);

    /**
     * The mute that silences {@code nameKey} or anyone from {@code address} now, or null: the mute on the name first
     * (a {@link Kind#MUTE}), else one that holds on the address (a {@link Kind#MUTE_ADDRESS}).
     */
    Sanction muted(String nameKey, InetAddress address);

    /**
     * Makes {@code mute} (a {@link Kind#MUTE}) hold on {@code address} too, until it ends; nothing when it already does.
     * Never waits for another node: called on a receive thread when a muted name joins, is renamed to or speaks.
     */
    void cover(Sanction mute, InetAddress address);

    /**
     * The mute on {@code member} now (on its name or its address), or null. A mute on its name is made to hold on the
     * member's IP address too: the mute is the member's, not only its name's.
     */
    default Sanction muted(Member member) {
        InetAddress address = member.address().getAddress();
        Sanction mute = muted(member.key(), address);
        if (mute != null && mute.kind() == Kind.MUTE) {
            cover(mute, address);
        }
        return mute;
    }

    /** Sets (or replaces) a ban or mute; with the cluster on, on every node. */
    void put(Sanction sanction);

    /** Lifts one (a mute with the addresses it holds on); false when there was none in force. */
    boolean remove(Kind kind, String target);

    /** Those of {@code kinds} in force now, ending soonest first. */
    List<Sanction> list(Collection<Kind> kinds);
}
