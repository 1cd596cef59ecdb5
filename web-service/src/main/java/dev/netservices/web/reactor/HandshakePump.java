package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.channels.SelectionKey;

/**
 * The TLS handshake's share of a connection's READING state. The {@link Transport} unwraps and wraps
 * handshake records as reads come, below the parser; what those reads queued to send goes out here, at once
 * or, when the socket is full, once it signals OP_WRITE, and the connection stays in READING meanwhile. While
 * a handshake task runs elsewhere the connection waits for nothing from the selector: the task's end brings
 * it back ({@link EventLoop#resume}). On the plain port there is never anything queued, and the interest stays
 * OP_READ.
 *
 * <p>It also keeps the handshake's slot (its loop's {@code web.tls.max-handshakes}, its address's
 * {@code web.tls.max-handshakes-per-address}, taken at accept) and gives it back the moment the handshake
 * ends, or the connection does.
 */
final class HandshakePump {

    private final Transport transport;
    private final Interest interest;
    private final Runnable giveSlotBack;
    private boolean holdsSlot;

    /** @param holdsSlot true while the handshake is unfinished on the TLS port, where the loop took a slot for it */
    HandshakePump(Transport transport, Interest interest, boolean holdsSlot, Runnable giveSlotBack) {
        this.transport = transport;
        this.interest = interest;
        this.holdsSlot = holdsSlot;
        this.giveSlotBack = giveSlotBack;
    }

    /** After a read: a handshake that has just ended gives its slot back. */
    void checkEnded() {
        if (holdsSlot && !transport.handshaking()) {
            giveSlotBack();
        }
    }

    /** The connection closes: the slot goes back if still held. */
    void closed() {
        if (holdsSlot) {
            giveSlotBack();
        }
    }

    private void giveSlotBack() {
        holdsSlot = false;
        giveSlotBack.run();
    }

    /** Sends the queued records or waits to be writable; false when the socket failed and the connection must close. */
    boolean pump() {
        try {
            if (!transport.flush()) {
                interest.set(SelectionKey.OP_WRITE);
            } else {
                interest.set(transport.awaitingTask() ? 0 : SelectionKey.OP_READ);
            }
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
