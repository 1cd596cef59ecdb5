package dev.netservices.web.files;

import java.io.ByteArrayOutputStream;

import dev.netservices.common.text.InvalidUtf8Exception;
import dev.netservices.common.text.StrictUtf8;

/**
 * Percent-decodes one path segment at a time. Decoding per segment is what keeps {@code %2F} from
 * becoming a separator: a decoded segment that contains one is refused by {@link StaticFiles}.
 */
final class PathDecoder {

    private PathDecoder() {
    }

    /** The decoded segment, or null when its escapes are malformed or its bytes are not UTF-8. */
    static String decodeSegment(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        byte[] decoded = bytes.toByteArray();
        try {
            return StrictUtf8.decode(decoded, 0, decoded.length);
        } catch (InvalidUtf8Exception e) {
            return null;
        }
    }
}
