package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The TLS records one connection holds: received ones not yet unwrapped ({@link #in()}) and wrapped ones not yet
 * sent ({@link #out()}). A buffer exists only while it holds bytes, because a connection that waits (a
 * handshake whose client went silent, a kept-alive connection between requests) is what an attacker makes by
 * the thousand: allocated up front, these two cost 50 KiB per pending handshake. Input starts at
 * {@value #FIRST_READ_BYTES} bytes (a ClientHello and most requests fit) and grows to a packet only for a bigger
 * record; output is two packets while a flight or a response goes out. An emptied buffer is dropped, which makes
 * garbage of one young allocation per exchange and keeps nothing between them.
 */
final class RecordBuffers {

    static final int FIRST_READ_BYTES = 2 * 1024;

    private final SocketChannel channel;
    // Stands for "nothing held": this connection's own, so that flipping it touches nobody else's.
    private final ByteBuffer none = ByteBuffer.allocate(0);
    private ByteBuffer in = none;
    private ByteBuffer out = none;

    RecordBuffers(SocketChannel channel) {
        this.channel = channel;
    }

    /** Received bytes, in write mode (flip to unwrap, compact after). */
    ByteBuffer in() {
        return in;
    }

    /** Records to send, in write mode. */
    ByteBuffer out() {
        return out;
    }

    /** Reads from the socket into {@link #in()}, made room for first: a small buffer, then a whole packet. */
    int readRecord(int packet) throws IOException {
        if (in.capacity() == 0) {
            in = ByteBuffer.allocate(FIRST_READ_BYTES);
        } else if (!in.hasRemaining()) {
            in = grown(in, Math.max(packet, 2 * in.capacity()));
        }
        return channel.read(in);
    }

    /** True when received bytes wait to be unwrapped. */
    boolean holdsInput() {
        return in.position() > 0;
    }

    /** After a read: nothing held, no buffer kept. */
    void dropEmptyInput() {
        if (in.position() == 0) {
            in = none;
        }
    }

    /** Room in {@link #out()} for one more record of {@code packet} bytes, sending what is queued first. */
    boolean roomForRecord(int packet) throws IOException {
        if (out.remaining() >= packet) {
            return true;
        }
        drain();
        if (out.capacity() < 2 * packet) {
            out = grown(out, 2 * packet);
        }
        return out.remaining() >= packet;
    }

    /** Sends what the socket takes now; true when nothing is left queued. */
    boolean drain() throws IOException {
        if (out.position() == 0) {
            return true;
        }
        out.flip();
        try {
            while (out.hasRemaining() && channel.write(out) > 0) {
                // the socket takes what it can
            }
        } finally {
            out.compact();
        }
        return out.position() == 0;
    }

    /** {@link #drain()}, then no output buffer kept when all went. */
    boolean flush() throws IOException {
        boolean empty = drain();
        if (empty) {
            out = none;
        }
        return empty;
    }

    void release() {
        in = none;
        out = none;
    }

    private static ByteBuffer grown(ByteBuffer buffer, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }
}
