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
 * @param refill time in which a member earns one more datagram back
 * @param strangerBurst replies a source IP that is not a member may get at once
 * @param strangerRefill time in which such an IP earns one more reply back
 * @param strangerAddresses such IPs whose budget is remembered at once
 */
public record ChatLimits(int maxMembers, Duration idleTimeout, int maxDatagramBytes, int burst, Duration refill,
        int strangerBurst, Duration strangerRefill, int strangerAddresses) {
}
