package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.common.tls.ServerTls;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.http.HttpLimits;

/**
 * What every connection of one port is made with, shared by its loops: read once when a connection is
 * made, so that the connection never asks its loop for them.
 *
 * @param tls null on the plain port
 */
record ConnectionSetup(HttpLimits limits, Responder responder, ServiceClock clock, HttpDate dates, ServerStats stats,
        ExchangeListener listener, ServerTls tls) {

    /** The transport of a connection accepted now: plain, or TLS with the bundle's current context. */
    Transport transportFor(SocketChannel channel) throws IOException {
        return tls == null ? new PlainTransport(channel) : TlsTransport.accept(channel, tls);
    }
}
