package dev.netservices.web.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects the bytes of one line (request line, header field, chunk-size line, trailer) as they arrive,
 * across reads. A line ends with CRLF or a lone LF (RFC 9112 2.2 lets a recipient accept LF, which is
 * what {@code nc} users type); a CR followed by anything but LF is refused, since request smuggling lives
 * in parsers that disagree about bare CRs. The line buffer grows to the longest line seen, within the
 * limit the caller gives for each line.
 */
final class LineAssembler {

    enum Outcome { NEED_MORE, LINE, BARE_CR, TOO_LONG }

    private static final byte[] NO_BYTES = new byte[0];
    private static final int KEPT_BUFFER_BYTES = 1024;

    private byte[] line = NO_BYTES;
    private int length;
    private boolean afterCr;

    /**
     * Takes bytes from {@code in} up to the end of one line. On {@link Outcome#LINE} the line is in
     * {@link #bytes()} (without its end) until {@link #next()}; past {@code limit} bytes it is {@link Outcome#TOO_LONG}.
     */
    Outcome take(ByteBuffer in, int limit) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (afterCr) {
                afterCr = false;
                return b == '\n' ? Outcome.LINE : Outcome.BARE_CR;
            }
            if (b == '\r') {
                afterCr = true;
            } else if (b == '\n') {
                return Outcome.LINE;
            } else {
                if (length == line.length) {
                    line = Arrays.copyOf(line, Math.max(128, line.length * 2));
                }
                line[length++] = b;
                if (length > limit) {
                    return Outcome.TOO_LONG;
                }
            }
        }
        return Outcome.NEED_MORE;
    }

    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** The line has been read: the next {@link #take} starts a new one. */
    void next() {
        length = 0;
    }

    /** True when no byte of a line has been taken. */
    boolean isEmpty() {
        return length == 0 && !afterCr;
    }

    /** Between requests: forget everything, and give back a buffer an unusually long line made large. */
    void reset() {
        length = 0;
        afterCr = false;
        if (line.length > KEPT_BUFFER_BYTES) {
            line = NO_BYTES;
        }
    }
}
