package dev.netservices.chat.room;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The chat room as the UDP side and the admin API see it. {@link ChatRoom} keeps it on one node; a room
 * spread over nodes implements this same interface over shared membership and a relay.
 */
public interface Room {

    /**
     * Applies one command from {@code from}; returns the reply owed to the sender, if any. {@code lineEnded}
     * tells whether the datagram ended in a newline: the member is then sent lines too.
     */
    Optional<String> handle(InetSocketAddress from, ChatCommand command, boolean lineEnded);

    /** Sends the admin's announcement to every member, unless it breaks a rule (empty, too long, not one line). */
    Announcement announce(String text);

    /** Removes the named member and tells the room; false when nobody has that name. */
    boolean remove(String name);

    /** Removes the members silent for longer than the idle timeout, as of now; returns them. */
    List<Member> removeIdle();

    /** Members now, in joining order. */
    List<MemberView> members();

    int size();

    /** From now on joins are refused ("the room is closing"); members may still talk. */
    void stopAccepting();

    /** Joins are taken again (the server was bound again after a stop). */
    void startAccepting();

    /** A member as the admin API lists it; {@code address} is {@code ip:port}. */
    record MemberView(String name, String address, Instant joinedAt, Instant lastSeen) {
    }
}
