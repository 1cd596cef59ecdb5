package dev.netservices.web.http2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The frames waiting for the socket, and the DATA still to come, paced by the connection's and each stream's
 * send window (RFC 9113 5.2, 6.9). DATA is made only while less than {@link #DATA_AHEAD} bytes wait, one frame
 * per stream in turn, so a connection holds at most that much of its files however many streams it has.
 * Frames the client asks for (PING and SETTINGS acknowledgements, RST_STREAM, the HEADERS of each answer) are
 * never held back; if they pile up past {@link #MAX_QUEUED} because the client sends requests faster than it
 * reads (CVE-2019-9512, -9515, or HEAD requests never read), the connection ends.
 */
final class Outbound {

    static final int DATA_AHEAD = 64 * 1024;
    static final int MAX_QUEUED = 128 * 1024;
    private static final int MAX_DATA_FRAME = 16_384;

    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final ArrayDeque<Stream> sending = new ArrayDeque<>();
    private long queued;
    private long connectionWindow = Http2Options.DEFAULT_WINDOW;
    private int maxFrameSize = MAX_DATA_FRAME;

    void peerMaxFrameSize(int size) {
        maxFrameSize = Math.min(size, MAX_DATA_FRAME);
    }

    int maxFrameSize() {
        return maxFrameSize;
    }

    /** A frame the client asked for (an acknowledgement, a reset, an answer): held to {@link #MAX_QUEUED}. */
    void control(ByteBuffer frame) throws Http2Failure {
        add(frame);
        if (queued > MAX_QUEUED) {
            throw Http2Failure.abuse(Abuse.CONTROL_FLOOD, "control frames piled up unread");
        }
    }

    /** A frame of ours (a response's HEADERS, a GOAWAY). */
    void add(ByteBuffer frame) {
        queue.add(frame);
        queued += frame.remaining();
    }

    void connectionWindowUpdate(int increment) throws Http2Failure {
        connectionWindow += increment;
        if (connectionWindow > Integer.MAX_VALUE) {
            throw Http2Failure.connection(ErrorCode.FLOW_CONTROL_ERROR, "connection window above 2^31-1");
        }
    }

    /** A stream with DATA to send, or one whose window opened again. */
    void ready(Stream stream) {
        if (stream.sending() && stream.sendWindow > 0 && !sending.contains(stream)) {
            sending.add(stream);
        }
    }

    void forget(Stream stream) {
        sending.remove(stream);
    }

    /** True while DATA waits for a window the client has not opened. */
    boolean waitingForWindow(Iterable<Stream> streams) {
        for (Stream stream : streams) {
            if (stream.sending() && (stream.sendWindow <= 0 || connectionWindow <= 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes DATA frames while windows and {@link #DATA_AHEAD} allow; {@code done} hears of each stream whose
     * last byte went into a frame, {@code failed} of one whose file could not be read. True when DATA was made.
     */
    boolean fill(Consumer<Stream> done, Consumer<Stream> failed) {
        boolean made = false;
        while (queued < DATA_AHEAD && connectionWindow > 0 && !sending.isEmpty()) {
            Stream stream = sending.poll();
            int n = (int) Math.min(Math.min(maxFrameSize, connectionWindow), Math.min(stream.sendWindow,
                    stream.body.remaining()));
            ByteBuffer data;
            try {
                data = stream.body.next(n);
            } catch (IOException e) {
                failed.accept(stream);
                continue;
            }
            made = true;
            boolean end = stream.body.remaining() == 0;
            add(FrameWriter.dataHead(stream.id, n, end));
            add(data);
            connectionWindow -= n;
            stream.sendWindow -= n;
            if (end) {
                done.accept(stream);
            } else if (stream.sendWindow > 0) {
                sending.add(stream);
            }
        }
        return made;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The frames waiting, in order, for one gathering write. */
    ByteBuffer[] buffers() {
        return queue.toArray(new ByteBuffer[0]);
    }

    /** After a write: drops what went out. */
    void written() {
        Iterator<ByteBuffer> it = queue.iterator();
        queued = 0;
        while (it.hasNext()) {
            ByteBuffer buffer = it.next();
            if (!buffer.hasRemaining()) {
                it.remove();
            } else {
                queued += buffer.remaining();
            }
        }
    }
}
