package dev.netservices.files.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;

import dev.netservices.files.session.Conduit;
import dev.netservices.files.session.Reply;

/**
 * Tells a connection the server turns away why (busy, too many from its address, shutting down), then closes
 * it. Plain text can be said at once; on the TLS port it would be noise before a handshake, so there it just
 * closes. The close lingers
 * (see {@code LingeringClose}) so the reply is not lost to a reset, each on a virtual thread of its own, at
 * most {@link #MAX_LINGERING} at a time: past that, a flood of rejected connections is closed at once.
 */
final class RejectedConnections {

    static final int MAX_LINGERING = 256;

    private final String name;
    private final Semaphore lingering = new Semaphore(MAX_LINGERING);

    /** @param name the server's, for the threads' names */
    RejectedConnections(String name) {
        this.name = name;
    }

    void reject(Conduit conduit, Reply reply) {
        if (conduit.isSecure()) {
            conduit.close();
            return;
        }
        try {
            conduit.channel().write(ByteBuffer.wrap(reply.bytes()));
        } catch (IOException e) {
            conduit.close();
            return;
        }
        if (lingering.tryAcquire()) {
            Thread.ofVirtual().name(name + "-reject").start(() -> {
                try {
                    conduit.lingeringClose();
                } finally {
                    lingering.release();
                }
            });
        } else {
            conduit.close();
        }
    }
}
