package dev.netservices.chat.room;

import java.time.Instant;

/**
 * A member as the admin API lists it; {@code address} is {@code ip:port}, {@code node} the node that holds it
 * ({@code local} on a single node), {@code room} the room it is in, {@code lastSeen} known only on that node (null elsewhere).
 */
public record MemberView(String name, String address, String node, String room, Instant joinedAt, Instant lastSeen) {
}
