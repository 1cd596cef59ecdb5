package dev.netservices.files.session;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes replies (and the small bodies that follow some, such as a listing) to the client. A pipelined upload's reply
 * is written by the thread that forced it ({@link UploadAcks}), a watchdog's last word by the session's: each reply is
 * one whole write, never interleaved with another.
 */
final class SessionOutput {

    private final Conduit conduit;

    SessionOutput(Conduit conduit) {
        this.conduit = conduit;
    }

    void send(Reply reply) throws IOException {
        send(reply, null);
    }

    /** The reply line and its body in one write, so a listing never costs two packets. */
    synchronized void send(Reply reply, byte[] body) throws IOException {
        byte[] head = reply.bytes();
        ByteBuffer buffer = ByteBuffer.allocate(head.length + (body == null ? 0 : body.length)).put(head);
        if (body != null) {
            buffer.put(body);
        }
        conduit.write(buffer.flip());
    }

    /** For a last word on a connection that may already be gone: nobody is left to tell of a failure. */
    void sendQuietly(Reply reply) {
        try {
            send(reply);
        } catch (IOException e) {
            // the client is gone; the reply had nobody to reach
        }
    }
}
