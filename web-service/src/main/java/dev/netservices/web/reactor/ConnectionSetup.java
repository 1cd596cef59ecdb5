package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.common.tls.ServerTls;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.http.HttpLimits;

/**
 * What every connection of one port is made with, shared by its loops: read once when a connection is
 * made, so that the connection never asks its loop for them.
 *
 * @param connectionsPerAddress the port's open connections by client address (taken by the acceptor, given
 *                              back when the connection closes)
 * @param tls                   null on the plain port
 * @param handshakesPerAddress  TLS handshakes in progress by client address; null on the plain port
 * @param handshakeTasks        where the TLS engines' delegated tasks run; null on the plain port
 * @param http2                 HTTP/2's limits and metrics; null when {@code web.http2.enabled} is false
 */
record ConnectionSetup(HttpLimits limits, Responder responder, ServiceClock clock, HttpDate dates, ServerStats stats,
        ExchangeListener listener, OpenPerAddress connectionsPerAddress, ServerTls tls,
        OpenPerAddress handshakesPerAddress, HandshakeTasks handshakeTasks, Http2Support http2) {

    /** The plain port's. */
    static ConnectionSetup plain(HttpLimits limits, Responder responder, ServiceClock clock, HttpDate dates,
            ServerStats stats, ExchangeListener listener) {
        return new ConnectionSetup(limits, responder, clock, dates, stats, listener,
                new OpenPerAddress(limits.maxConnectionsPerAddress()), null, null, null, null);
    }

    boolean secure() {
        return tls != null;
    }

    /**
     * The transport of a connection accepted now: plain, or TLS with the bundle's current context.
     *
     * @param fileChunk the loop's buffer for a record of a file (TLS only)
     */
    Transport transportFor(SocketChannel channel, ByteBuffer fileChunk) throws IOException {
        return tls == null ? new PlainTransport(channel) : TlsTransport.accept(channel, tls, handshakeTasks, fileChunk,
                http2 != null);
    }
}
