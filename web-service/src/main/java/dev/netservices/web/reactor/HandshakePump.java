package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.channels.SelectionKey;

/**
 * The TLS handshake's share of a connection's READING state. The {@link Transport} unwraps and wraps
 * handshake records as reads come, below the parser; what those reads queued to send goes out here, at once
 * or, when the socket is full, once it signals OP_WRITE, and the connection stays in READING meanwhile. On
 * the plain port there is never anything queued, and the interest stays OP_READ.
 */
final class HandshakePump {

    private final Transport transport;
    private final Interest interest;

    HandshakePump(Transport transport, Interest interest) {
        this.transport = transport;
        this.interest = interest;
    }

    /** Sends the queued records or waits to be writable; false when the socket failed and the connection must close. */
    boolean pump() {
        try {
            interest.set(transport.flush() ? SelectionKey.OP_READ : SelectionKey.OP_WRITE);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Still shaking hands: when the head's time is up now, no HTTP can be said yet, not even a 408. */
    boolean unfinished() {
        return transport.handshaking();
    }
}
