package dev.netservices.chat.room;

import java.time.Duration;

/**
 * The limits the room enforces, built from the settings by {@code ChatProperties.limits()} (where their
 * defaults are written). Only these reach the room.
 *
 * @param maxMembers members at once
 * @param idleTimeout silence after which a member is removed
 * @param maxDatagramBytes largest datagram, and so the largest line or announcement the room sends
 * @param burst datagrams a member may send at once
 * @param perSecond datagrams a member may send per second, sustained
 * @param strangerBurst replies a source IP that is not a member may get at once
 * @param strangerPerSecond replies per second to such an IP, sustained
 * @param strangerAddresses such IPs whose budget is remembered at once
 */
public record ChatLimits(int maxMembers, Duration idleTimeout, int maxDatagramBytes, int burst, double perSecond,
        int strangerBurst, double strangerPerSecond, int strangerAddresses) {
}
