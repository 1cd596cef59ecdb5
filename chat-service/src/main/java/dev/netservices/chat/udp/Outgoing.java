package dev.netservices.chat.udp;

import java.net.InetSocketAddress;

import dev.netservices.chat.room.Member;

/** What the flow's last step sends: a reply to one address, or one payload to many members. */
public sealed interface Outgoing {

    /** {@code payload} as it goes on the wire (line end already added where the receiver wants one). */
    record ToAddress(byte[] payload, InetSocketAddress to) implements Outgoing {
    }

    /**
     * {@code payload} without a line end, to each of {@code members} except {@code except} (may be null); the
     * sender adds the line end for members who want lines.
     */
    record ToMembers(byte[] payload, Member[] members, Member except) implements Outgoing {
    }
}
