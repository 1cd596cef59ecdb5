package dev.netservices.files.session;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.netservices.common.net.ProxyHeader;

/**
 * Whether a plain connection's first bytes are a PROXY header (from a peer that is not a trusted proxy: a trusted
 * proxy's was read before the greeting). A command line never starts with {@code \r\n\r\n\0}, so five matching
 * bytes decide; the bytes looked at stay in the input for the line reader when they are not a header.
 */
final class ProxyHeaderSniff {

    private static final int DECISIVE = 5;
    private static final int SIGNATURE = 12;

    private ProxyHeaderSniff() {
    }

    /** Blocks for the first byte only; looks further only at bytes already arrived with it. */
    static boolean startsWithHeader(SessionInput in) throws IOException {
        in.mark(SIGNATURE);
        byte[] seen = new byte[SIGNATURE];
        int n = 0;
        try {
            int first = in.read();
            if (first < 0) {
                return false;
            }
            seen[n++] = (byte) first;
            while (n < SIGNATURE && in.available() > 0 && ProxyHeader.startsLikeHeader(ByteBuffer.wrap(seen, 0, n))) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                seen[n++] = (byte) next;
            }
            return n >= DECISIVE && ProxyHeader.startsLikeHeader(ByteBuffer.wrap(seen, 0, n));
        } finally {
            in.reset();
        }
    }
}
