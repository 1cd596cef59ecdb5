package dev.netservices.chat.room;

import java.net.InetSocketAddress;
import java.time.Instant;

import dev.netservices.common.budget.TokenBucket;

/**
 * Someone in the room: a name bound to the address that joined with it. Only that address may speak or
 * leave under the name. Its last sign of life moves with every datagram from the address, whatever it holds;
 * it is kept on the monotonic clock (idle removal must not jump with the wall clock) and shown as wall time.
 */
public final class Member {

    private final String name;
    private final String key;
    private final InetSocketAddress address;
    private final Instant joinedAt;
    private final long joinedNanos;
    private final TokenBucket flood;
    private volatile long lastSeenNanos;
    private volatile boolean lineEnds;
    /** The room the member is in (one at a time) and since when (wall time): changed under {@link Membership}'s lock. */
    private volatile RoomName room = RoomName.LOBBY;
    private volatile long enteredMillis;

    Member(String name, InetSocketAddress address, Instant joinedAt, long joinedNanos, TokenBucket flood) {
        this.name = name;
        this.key = keyOf(name);
        this.address = address;
        this.joinedAt = joinedAt;
        this.joinedNanos = joinedNanos;
        this.flood = flood;
        this.lastSeenNanos = joinedNanos;
        this.enteredMillis = joinedAt.toEpochMilli();
    }

    /** The form names are compared in ({@link MemberName#key}): {@code Alice} and {@code ａlice} are one member. */
    public static String keyOf(String name) {
        return MemberName.key(name);
    }

    /** Whether {@code name} keeps the rule for names (a removal relayed from another node is checked by it). */
    public static boolean isValidName(String name) {
        return MemberName.problem(name).isEmpty();
    }

    Member renamed(String newName) {
        Member renamed = new Member(newName, address, joinedAt, joinedNanos, flood);
        renamed.lastSeenNanos = lastSeenNanos;
        renamed.lineEnds = lineEnds;
        renamed.room = room;
        renamed.enteredMillis = enteredMillis;
        return renamed;
    }

    boolean isNamed(String other) {
        // The name as joined needs no folding: every line of the seed's protocol names its sender.
        return other.equals(name) || key.equals(keyOf(other));
    }

    public String name() {
        return name;
    }

    public String key() {
        return key;
    }

    public InetSocketAddress address() {
        return address;
    }

    public RoomName room() {
        return room;
    }

    /** When the member entered its room (wall time): a line relayed from before then is not for it. */
    long enteredMillis() {
        return enteredMillis;
    }

    void enter(RoomName next, long nowMillis) {
        this.room = next;
        this.enteredMillis = nowMillis;
    }

    public Instant joinedAt() {
        return joinedAt;
    }

    /** Wall time of the last datagram, derived from the monotonic reading. */
    public Instant lastSeen() {
        return joinedAt.plusNanos(lastSeenNanos - joinedNanos);
    }

    /** True when nothing came from the member for longer than {@code silenceNanos} before {@code nowNanos}. */
    boolean silentFor(long silenceNanos, long nowNanos) {
        return nowNanos - lastSeenNanos > silenceNanos;
    }

    /** {@code lineEnds}: whether this datagram ended in a newline, as netcat's do and the original client's do not. */
    void seen(long nowNanos, boolean lineEnds) {
        lastSeenNanos = nowNanos;
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
