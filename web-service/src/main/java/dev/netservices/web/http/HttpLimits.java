package dev.netservices.web.http;

import java.time.Duration;

/**
 * Every limit the server enforces, in one place, each with its own answer when a client passes it.
 * Built from the settings ({@code WebProperties.limits()}), where the defaults are written and checked.
 *
 * @param maxRequestLineBytes longest request line (414 past it)
 * @param maxHeaderBytes      all header lines together (431 past it)
 * @param maxHeaderCount      number of header fields (431 past it)
 * @param maxBodyBytes        a request body is read and thrown away up to this size (413 past it)
 * @param headerTimeout       time from a request's first byte (or from accept) to its end (408 past it)
 * @param idleTimeout         how long a kept-alive connection may sit without a request, and how long a
 *                            response may wait for a client that does not read
 * @param maxConnections      open connections in total, both ports together (503, or on the TLS port a close,
 *                            past it)
 * @param maxConnectionsPerAddress open connections from one client address on one port (the same answer)
 * @param maxHandshakes       TLS handshakes in progress on one event loop (a new TLS connection is closed past it)
 * @param maxHandshakesPerAddress TLS handshakes in progress from one client address (the same)
 */
public record HttpLimits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount, long maxBodyBytes,
        Duration headerTimeout, Duration idleTimeout, int maxConnections, int maxConnectionsPerAddress,
        int maxHandshakes, int maxHandshakesPerAddress) {

    /** The same limits with at most {@code ceiling} connections in total. */
    public HttpLimits withMaxConnectionsAtMost(int ceiling) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, headerTimeout,
                idleTimeout, Math.min(maxConnections, ceiling), maxConnectionsPerAddress, maxHandshakes,
                maxHandshakesPerAddress);
    }
}
