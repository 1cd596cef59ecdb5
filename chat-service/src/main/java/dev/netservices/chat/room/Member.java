package dev.netservices.chat.room;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Locale;

/**
 * Someone in the room: a name bound to the address that joined with it. Only that address may speak or
 * leave under the name. {@code lastSeen} moves with every datagram from the address, whatever it holds.
 */
public final class Member {

    private final String name;
    private final String key;
    private final InetSocketAddress address;
    private final Instant joinedAt;
    private final TokenBucket flood;
    private volatile Instant lastSeen;
    private volatile boolean lineEnds;

    Member(String name, InetSocketAddress address, Instant joinedAt, TokenBucket flood) {
        this.name = name;
        this.key = keyOf(name);
        this.address = address;
        this.joinedAt = joinedAt;
        this.flood = flood;
        this.lastSeen = joinedAt;
    }

    /** Names are compared case-insensitively: {@code Alice} and {@code alice} are the same member. */
    static String keyOf(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    Member renamed(String newName) {
        Member renamed = new Member(newName, address, joinedAt, flood);
        renamed.lastSeen = lastSeen;
        renamed.lineEnds = lineEnds;
        return renamed;
    }

    boolean isNamed(String other) {
        return key.equals(keyOf(other));
    }

    public String name() {
        return name;
    }

    String key() {
        return key;
    }

    public InetSocketAddress address() {
        return address;
    }

    public Instant joinedAt() {
        return joinedAt;
    }

    public Instant lastSeen() {
        return lastSeen;
    }

    /** {@code lineEnds}: whether this datagram ended in a newline, as netcat's do and the original client's do not. */
    void seen(Instant now, boolean lineEnds) {
        lastSeen = now;
        this.lineEnds = lineEnds;
    }

    /**
     * Whether datagrams to this member end in a newline: netcat prints datagrams back to back, so a member
     * that sends lines gets lines; the original client gets its texts exactly as it expects, without one.
     */
    public boolean wantsLineEnds() {
        return lineEnds;
    }

    TokenBucket flood() {
        return flood;
    }

    @Override
    public String toString() {
        return name + "@" + address;
    }
}
