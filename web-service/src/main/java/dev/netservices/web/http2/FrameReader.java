package dev.netservices.web.http2;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads frames from bytes as they arrive, resuming where the last read stopped (RFC 9113 4.1).
 *
 * <pre>
 *   HEAD (9 bytes) --DATA--> DATA_BODY (skipped as it comes: bodies are refused anyway) --> HEAD
 *        |
 *        +--other type--> PAYLOAD (held, up to MAX_FRAME_SIZE) --> typed {@link Frame} --> HEAD
 * </pre>
 *
 * <p>It checks what a frame says about itself (RFC 9113 4.2 and each type's section in 6): its length
 * against our MAX_FRAME_SIZE and its type's fixed size, its padding, whether its type belongs on stream 0.
 * What a frame means for a stream is the session's to judge.
 */
final class FrameReader {

    private enum State { HEAD, PAYLOAD, DATA_BODY }

    private final int maxFrameSize;
    private final byte[] head = new byte[9];
    private byte[] payload = new byte[256];
    private State state = State.HEAD;
    private int filled;
    private int length;
    private int type;
    private int flags;
    private int streamId;
    private int dataLeft;
    private boolean dataPadKnown;
    private int dataPad;

    FrameReader(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /** The next whole frame in {@code in}, or null when {@code in} ran out first. */
    Frame next(ByteBuffer in) throws Http2Failure {
        while (in.hasRemaining()) {
            switch (state) {
                case HEAD -> {
                    int n = Math.min(9 - filled, in.remaining());
                    in.get(head, filled, n);
                    filled += n;
                    if (filled == 9) {
                        Frame frame = headRead();
                        if (frame != null) {
                            return frame;
                        }
                    }
                }
                case PAYLOAD -> {
                    int n = Math.min(length - filled, in.remaining());
                    in.get(payload, filled, n);
                    filled += n;
                    if (filled == length) {
                        state = State.HEAD;
                        filled = 0;
                        Frame frame = FramePayloads.parse(type, flags, streamId, payload, length);
                        if (frame != null) {
                            return frame;
                        }
                    }
                }
                case DATA_BODY -> {
                    Frame frame = dataBody(in);
                    if (frame != null) {
                        return frame;
                    }
                }
            }
        }
        return null;
    }

    private Frame headRead() throws Http2Failure {
        length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | (head[2] & 0xff);
        type = head[3] & 0xff;
        flags = head[4] & 0xff;
        streamId = ((head[5] & 0x7f) << 24) | (head[6] & 0xff) << 16 | (head[7] & 0xff) << 8 | (head[8] & 0xff);
        filled = 0;
        if (length > maxFrameSize) {
            throw Http2Failure.connection(ErrorCode.FRAME_SIZE_ERROR, "frame of " + length + " bytes above "
                    + maxFrameSize);
        }
        if (type == Frame.TYPE_DATA) {
            if (streamId == 0) {
                throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, "DATA on stream 0");
            }
            dataLeft = length;
            dataPadKnown = (flags & Frame.FLAG_PADDED) == 0;
            dataPad = 0;
            state = State.DATA_BODY;
            return length == 0 ? dataBody(ByteBuffer.allocate(0)) : null;
        }
        if (length > payload.length) {
            payload = Arrays.copyOf(payload, Math.max(length, payload.length * 2));
        }
        if (length == 0) {
            return FramePayloads.parse(type, flags, streamId, payload, 0); // state stays HEAD
        }
        state = State.PAYLOAD;
        return null;
    }

    private Frame dataBody(ByteBuffer in) throws Http2Failure {
        if (!dataPadKnown) {
            if (length == 0) {
                state = State.HEAD;
                throw Http2Failure.connection(ErrorCode.FRAME_SIZE_ERROR, "padded DATA without a pad length");
            }
            if (!in.hasRemaining()) {
                return null;
            }
            dataPad = in.get() & 0xff;
            dataLeft--;
            dataPadKnown = true;
            if (dataPad > dataLeft) {
                state = State.HEAD;
                skipAfterError(in);
                throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, "padding longer than the DATA frame");
            }
        }
        int n = Math.min(dataLeft, in.remaining());
        in.position(in.position() + n);
        dataLeft -= n;
        if (dataLeft > 0) {
            return null;
        }
        state = State.HEAD;
        int padLength = (flags & Frame.FLAG_PADDED) != 0 ? dataPad + 1 : 0;
        return new Frame.Data(streamId, length - padLength, length, (flags & Frame.FLAG_END_STREAM) != 0);
    }

    private static void skipAfterError(ByteBuffer in) {
        // a connection error ends the connection: what follows is never read
        in.position(in.limit());
    }
}
