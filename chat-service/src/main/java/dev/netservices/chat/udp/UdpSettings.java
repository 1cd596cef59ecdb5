package dev.netservices.chat.udp;

import java.net.InetAddress;
import java.time.Duration;

/**
 * What the UDP side needs of the settings, built by {@code ChatProperties.udp()} (where the defaults are written).
 *
 * @param address the address the sockets bind to; null: every interface
 * @param port UDP port of the room; 0 picks any free port
 * @param receiveSockets sockets sharing the port, each read by a thread of its own (already resolved from
 *        "0 = one per core")
 * @param maxDatagramBytes largest datagram accepted
 * @param idleTimeout the room's idle timeout, which sets how often the idle sweep runs
 * @param maxLinesPerDatagram lines one datagram may hold (a paste into {@code nc -u})
 */
public record UdpSettings(InetAddress address, int port, int receiveSockets, int maxDatagramBytes, Duration idleTimeout,
        int maxLinesPerDatagram) {
}
