package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The lingering close (RFC 9112 9.6) of a connection whose output is already shut down: what the client
 * still sends is read and dropped until its end of stream, {@link #MAX_BYTES} or {@link #NANOS}, so that our
 * close does not become a reset that would destroy the last response before the client has read it.
 */
final class Linger {

    static final long NANOS = 1_000_000_000L;
    static final int MAX_BYTES = 256 * 1024;

    private final SocketChannel channel;
    private int dropped;

    Linger(SocketChannel channel) {
        this.channel = channel;
    }

    /** Shuts the output down and starts lingering; null when the socket failed (the connection then closes). */
    static Linger begin(SocketChannel channel, Transport transport, Interest interest) {
        try {
            transport.shutdownOutput();
            interest.set(SelectionKey.OP_READ);
        } catch (IOException e) {
            return null;
        }
        return new Linger(channel);
    }

    /** Reads and drops what has arrived: true when lingering is over (end of stream, too many bytes, an error). */
    boolean dropInput(ByteBuffer buffer) {
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            return true;
        }
        dropped += Math.max(0, n);
        return n < 0 || dropped > MAX_BYTES;
    }
}
