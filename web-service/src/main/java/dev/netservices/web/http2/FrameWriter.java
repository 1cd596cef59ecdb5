package dev.netservices.web.http2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds the frames the server sends (RFC 9113 6), each in a buffer of its own ready to write. */
final class FrameWriter {

    static final int HEAD = 9;

    private FrameWriter() {
    }

    static ByteBuffer settings(int[] values) {
        ByteBuffer out = head(values.length / 2 * 6, Frame.TYPE_SETTINGS, 0, 0);
        for (int i = 0; i < values.length; i += 2) {
            out.putShort((short) values[i]).putInt(values[i + 1]);
        }
        return out.flip();
    }

    static ByteBuffer settingsAck() {
        return head(0, Frame.TYPE_SETTINGS, Frame.FLAG_ACK, 0).flip();
    }

    static ByteBuffer pingAck(long payload) {
        return head(8, Frame.TYPE_PING, Frame.FLAG_ACK, 0).putLong(payload).flip();
    }

    static ByteBuffer goAway(int lastStreamId, ErrorCode code, String debug) {
        byte[] text = debug.getBytes(StandardCharsets.UTF_8);
        int debugLength = Math.min(text.length, 256);
        return head(8 + debugLength, Frame.TYPE_GOAWAY, 0, 0).putInt(lastStreamId).putInt(code.code())
                .put(text, 0, debugLength).flip();
    }

    static ByteBuffer rstStream(int streamId, ErrorCode code) {
        return head(4, Frame.TYPE_RST_STREAM, 0, streamId).putInt(code.code()).flip();
    }

    static ByteBuffer windowUpdate(int streamId, int increment) {
        return head(4, Frame.TYPE_WINDOW_UPDATE, 0, streamId).putInt(increment).flip();
    }

    /** A header block in a HEADERS frame and as many CONTINUATION frames as {@code maxFrameSize} needs. */
    static ByteBuffer headers(int streamId, byte[] block, boolean endStream, int maxFrameSize) {
        int frames = Math.max(1, (block.length + maxFrameSize - 1) / maxFrameSize);
        ByteBuffer out = ByteBuffer.allocate(block.length + frames * HEAD);
        int at = 0;
        for (int i = 0; i < frames; i++) {
            int n = Math.min(maxFrameSize, block.length - at);
            int flags = (i == frames - 1 ? Frame.FLAG_END_HEADERS : 0) | (i == 0 && endStream ? Frame.FLAG_END_STREAM : 0);
            putHead(out, n, i == 0 ? Frame.TYPE_HEADERS : Frame.TYPE_CONTINUATION, flags, streamId);
            out.put(block, at, n);
            at += n;
        }
        return out.flip();
    }

    /** A DATA frame's head; its {@code length} bytes follow in a buffer of their own. */
    static ByteBuffer dataHead(int streamId, int length, boolean endStream) {
        return head(length, Frame.TYPE_DATA, endStream ? Frame.FLAG_END_STREAM : 0, streamId).flip();
    }

    /** A buffer for {@code length} payload bytes with the frame head already in it, positioned after the head. */
    static ByteBuffer head(int length, int type, int flags, int streamId) {
        return putHead(ByteBuffer.allocate(HEAD + length), length, type, flags, streamId);
    }

    private static ByteBuffer putHead(ByteBuffer out, int length, int type, int flags, int streamId) {
        return out.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length).put((byte) type)
                .put((byte) flags).putInt(streamId);
    }
}
