package dev.netservices.web.http2;

import java.util.Arrays;

/** Turns a held payload into its typed {@link Frame}, checking each type's size and stream rules (RFC 9113 6). */
final class FramePayloads {

    private FramePayloads() {
    }

    /** The typed frame ({@link Frame.Unknown} for a type we do not know). */
    static Frame parse(int type, int flags, int streamId, byte[] p, int length) throws Http2Failure {
        return switch (type) {
            case Frame.TYPE_HEADERS -> headers(flags, streamId, p, length);
            case Frame.TYPE_PRIORITY -> {
                onStream(streamId, "PRIORITY");
                if (length != 5) {
                    throw Http2Failure.stream(streamId, ErrorCode.FRAME_SIZE_ERROR, "PRIORITY of " + length + " bytes");
                }
                yield new Frame.Priority(streamId, int31(p, 0));
            }
            case Frame.TYPE_RST_STREAM -> {
                onStream(streamId, "RST_STREAM");
                fixed(length, 4, "RST_STREAM");
                yield new Frame.RstStream(streamId, int32(p, 0));
            }
            case Frame.TYPE_SETTINGS -> settings(flags, streamId, p, length);
            case Frame.TYPE_PUSH_PROMISE -> new Frame.PushPromise(streamId);
            case Frame.TYPE_PING -> {
                onConnection(streamId, "PING");
                fixed(length, 8, "PING");
                yield new Frame.Ping(streamId, (flags & Frame.FLAG_ACK) != 0, (long) int32(p, 0) << 32 | (int32(p, 4) & 0xffffffffL));
            }
            case Frame.TYPE_GOAWAY -> {
                onConnection(streamId, "GOAWAY");
                if (length < 8) {
                    throw Http2Failure.connection(ErrorCode.FRAME_SIZE_ERROR, "GOAWAY shorter than 8 bytes");
                }
                yield new Frame.GoAway(streamId, int31(p, 0), int32(p, 4));
            }
            case Frame.TYPE_WINDOW_UPDATE -> {
                fixed(length, 4, "WINDOW_UPDATE");
                yield new Frame.WindowUpdate(streamId, int31(p, 0));
            }
            case Frame.TYPE_CONTINUATION -> {
                onStream(streamId, "CONTINUATION");
                yield new Frame.Continuation(streamId, Arrays.copyOf(p, length), (flags & Frame.FLAG_END_HEADERS) != 0);
            }
            default -> new Frame.Unknown(streamId);
        };
    }

    private static Frame headers(int flags, int streamId, byte[] p, int length) throws Http2Failure {
        onStream(streamId, "HEADERS");
        int from = 0;
        int padding = 0;
        if ((flags & Frame.FLAG_PADDED) != 0) {
            if (length < 1) {
                throw Http2Failure.connection(ErrorCode.FRAME_SIZE_ERROR, "padded HEADERS without a pad length");
            }
            padding = p[0] & 0xff;
            from = 1;
        }
        int dependsOn = -1;
        if ((flags & Frame.FLAG_PRIORITY) != 0) {
            if (length - from < 5) {
                throw Http2Failure.connection(ErrorCode.FRAME_SIZE_ERROR, "HEADERS too short for its priority");
            }
            dependsOn = int31(p, from);
            from += 5;
        }
        if (padding > length - from) {
            throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, "padding longer than the HEADERS frame");
        }
        return new Frame.Headers(streamId, Arrays.copyOfRange(p, from, length - padding),
                (flags & Frame.FLAG_END_STREAM) != 0, (flags & Frame.FLAG_END_HEADERS) != 0, dependsOn);
    }

    private static Frame settings(int flags, int streamId, byte[] p, int length) throws Http2Failure {
        onConnection(streamId, "SETTINGS");
        boolean ack = (flags & Frame.FLAG_ACK) != 0;
        if (ack && length != 0) {
            throw Http2Failure.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS ACK with a payload");
        }
        if (length % 6 != 0) {
            throw Http2Failure.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS length not a multiple of 6");
        }
        int[] values = new int[length / 6 * 2];
        for (int i = 0; i < length / 6; i++) {
            values[2 * i] = (p[6 * i] & 0xff) << 8 | (p[6 * i + 1] & 0xff);
            values[2 * i + 1] = int32(p, 6 * i + 2);
        }
        return new Frame.Settings(streamId, ack, values);
    }

    private static void onStream(int streamId, String type) throws Http2Failure {
        if (streamId == 0) {
            throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, type + " on stream 0");
        }
    }

    private static void onConnection(int streamId, String type) throws Http2Failure {
        if (streamId != 0) {
            throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, type + " on stream " + streamId);
        }
    }

    private static void fixed(int length, int expected, String type) throws Http2Failure {
        if (length != expected) {
            throw Http2Failure.connection(ErrorCode.FRAME_SIZE_ERROR, type + " of " + length + " bytes, not " + expected);
        }
    }

    private static int int32(byte[] p, int at) {
        return (p[at] & 0xff) << 24 | (p[at + 1] & 0xff) << 16 | (p[at + 2] & 0xff) << 8 | (p[at + 3] & 0xff);
    }

    private static int int31(byte[] p, int at) {
        return int32(p, at) & 0x7fffffff;
    }
}
