package dev.netservices.web.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One {@code name: value} line of a header or trailer section (RFC 9112 5), checked strictly: obs-fold,
 * whitespace before the colon, a name that is not a token and control characters in the value are refused.
 */
final class FieldLine {

    private FieldLine() {
    }

    /** Adds the field on {@code line[0, length)} to {@code into}, or says why it is refused. */
    static Refusal parse(byte[] line, int length, List<Header> into) {
        if (line[0] == ' ' || line[0] == '\t') {
            return bad("obsolete line folding (a header line starting with whitespace)");
        }
        int colon = HttpSyntax.indexOf(line, 0, length, (byte) ':');
        if (colon < 0) {
            return bad("header line without a colon");
        }
        if (colon == 0) {
            return bad("empty header name");
        }
        for (int i = 0; i < colon; i++) {
            byte c = line[i];
            if (c == ' ' || c == '\t') {
                return bad("whitespace between a header name and its colon");
            }
            if (!HttpSyntax.isTchar(c)) {
                return bad("invalid character in a header name");
            }
        }
        int start = colon + 1;
        int end = length;
        while (start < end && (line[start] == ' ' || line[start] == '\t')) {
            start++;
        }
        while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        if (HttpSyntax.hasControlCharacter(line, start, end)) {
            return bad("control character in a header value");
        }
        into.add(new Header(new String(line, 0, colon, StandardCharsets.US_ASCII),
                new String(line, start, end - start, StandardCharsets.ISO_8859_1)));
        return null;
    }

    private static Refusal bad(String message) {
        return new Refusal(Status.BAD_REQUEST, message);
    }
}
