package dev.netservices.chat.room;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetSocketAddress;

/**
 * One datagram the room has decided to send, and to whom. The room only decides; the datagram flow sends
 * ({@code udp/ChatFlowConfiguration}). A fan-out is one value for all its recipients, never one per recipient.
 *
 * @param datagram the bytes: for a {@link Sender} as they go on the wire; for members without a line end, which
 *        the sender adds for each member that {@linkplain Member#wantsLineEnds() wants lines}
 */
public record Outgoing(byte[] datagram, Recipients recipients) {

    /** Who gets the datagram. */
    public sealed interface Recipients {
    }

    /** The sender of the datagram being answered, member or not: a reply. */
    public record Sender(InetSocketAddress address) implements Recipients {
    }

    /** These members of this node's, but {@code except} (may be null); nobody on other nodes. */
    public record Members(Member[] members, Member except) implements Recipients {
    }

    /**
     * Everyone in {@code room}: these members of this node's but {@code except} (may be null), and, relayed, every
     * member of the room on the other nodes. On one node the same as {@link Members}.
     */
    public record Everyone(RoomName room, Member[] here, Member except) implements Recipients {
    }

    /** The member called {@code name} on another node (a private message): relayed, never sent from here. */
    public record Elsewhere(String name) implements Recipients {
    }

    /** A notice for everyone in {@code room}, but {@code except} (may be null). */
    public static Outgoing toEveryone(RoomName room, String text, Member[] here, Member except) {
        return new Outgoing(text.getBytes(UTF_8), new Everyone(room, here, except));
    }

    static Outgoing toElsewhere(String name, String text) {
        return new Outgoing(text.getBytes(UTF_8), new Elsewhere(name));
    }

    static Outgoing toMember(String text, Member member) {
        return new Outgoing(text.getBytes(UTF_8), new Members(new Member[] {member}, null));
    }

    /** A notice relayed from another node, for this node's {@code members}. */
    public static Outgoing relayed(byte[] datagram, Member[] members) {
        return new Outgoing(datagram, new Members(members, null));
    }
}
