package dev.netservices.files.session.line;

import java.io.IOException;
import java.io.InputStream;

import dev.netservices.common.text.InvalidUtf8Exception;
import dev.netservices.common.text.StrictUtf8;

/**
 * Reads text lines ending in LF or CRLF from a byte stream, never more than {@code maxLineBytes}
 * of them, and never a byte past the line's end.
 *
 * <p>That last promise is what lets a protocol mix lines and raw bodies on one stream (a header line
 * announcing a byte count, then the bytes): the reader takes bytes one at a time from the caller's
 * stream, so the body starts exactly where the line ended. Pass a buffered stream and read the body
 * from that same stream.
 *
 * <p>A line longer than the limit fails as soon as the limit is passed, without reading or holding
 * the rest of it: the caller reports the error and closes the connection.
 */
public final class BoundedLineReader {

    private static final int CR = '\r';
    private static final int LF = '\n';

    private final InputStream in;
    private final byte[] line;

    public BoundedLineReader(InputStream in, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1, was " + maxLineBytes);
        }
        this.in = in;
        this.line = new byte[maxLineBytes];
    }

    public int maxLineBytes() {
        return line.length;
    }

    /**
     * The next line without its terminator; at end of stream the unterminated rest (if any), else null.
     *
     * @throws LineTooLongException past the limit
     * @throws MalformedLineException on invalid UTF-8 or a CR not followed by LF
     */
    public String readLine() throws IOException {
        int length = 0;
        while (true) {
            int b = in.read();
            if (b == -1) {
                return length == 0 ? null : decode(length);
            }
            if (b == LF) {
                return decode(length);
            }
            if (b == CR) {
                int next = in.read();
                if (next == LF) {
                    return decode(length);
                }
                throw new MalformedLineException("CR not followed by LF");
            }
            if (length == line.length) {
                throw new LineTooLongException(line.length);
            }
            line[length++] = (byte) b;
        }
    }

    private String decode(int length) throws MalformedLineException {
        try {
            return StrictUtf8.decode(line, 0, length);
        } catch (InvalidUtf8Exception e) {
            throw new MalformedLineException(e.getMessage());
        }
    }
}
