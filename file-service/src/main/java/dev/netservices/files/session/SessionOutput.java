package dev.netservices.files.session;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Writes replies (and the small bodies that follow some, such as a listing) to the client. */
final class SessionOutput {

    private final Conduit conduit;

    SessionOutput(Conduit conduit) {
        this.conduit = conduit;
    }

    void send(Reply reply) throws IOException {
        send(reply, null);
    }

    /** The reply line and its body in one write, so a listing never costs two packets. */
    void send(Reply reply, byte[] body) throws IOException {
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
