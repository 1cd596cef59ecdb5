package dev.netservices.web.http2;

import java.util.Arrays;

/**
 * A header block arriving in a HEADERS frame and its CONTINUATION frames (RFC 9113 6.10): while one is open
 * no other frame may come (a connection error), and it is held to MAX_HEADER_LIST_SIZE bytes and
 * {@link AbuseGuard#MAX_BLOCK_FRAMES} frames, so endless CONTINUATION frames (CVE-2024-27316) cost a bounded
 * buffer before the connection ends.
 */
final class HeaderBlock {

    private final int maxBytes;
    private byte[] bytes = new byte[0];
    private int length;
    private int frames;
    private int streamId;
    private boolean endStream;
    private boolean open;

    HeaderBlock(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    boolean open() {
        return open;
    }

    int streamId() {
        return streamId;
    }

    boolean endStream() {
        return endStream;
    }

    void start(int streamId, boolean endStream, byte[] fragment) throws Http2Failure {
        this.streamId = streamId;
        this.endStream = endStream;
        this.length = 0;
        this.frames = 0;
        this.open = true;
        append(fragment);
    }

    void append(byte[] fragment) throws Http2Failure {
        if (++frames > AbuseGuard.MAX_BLOCK_FRAMES || length + fragment.length > maxBytes) {
            throw Http2Failure.abuse(Abuse.CONTINUATION_FLOOD, "header block of more than " + maxBytes + " bytes or "
                    + AbuseGuard.MAX_BLOCK_FRAMES + " frames");
        }
        if (length + fragment.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + fragment.length, bytes.length * 2));
        }
        System.arraycopy(fragment, 0, bytes, length, fragment.length);
        length += fragment.length;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** The block is complete: its bytes may be reused by the next one. */
    void close() {
        open = false;
        if (bytes.length > 4096) {
            bytes = new byte[0]; // a large block's buffer is not kept for the connection's lifetime
        }
    }
}
