package dev.netservices.common.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 refusing what {@code new String(bytes, UTF_8)} would silently turn into U+FFFD:
 * invalid sequences, overlong forms, encoded surrogates, truncated characters.
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    public static String decode(byte[] bytes, int offset, int length) throws InvalidUtf8Exception {
        return decode(ByteBuffer.wrap(bytes, offset, length));
    }

    public static String decode(ByteBuffer bytes) throws InvalidUtf8Exception {
        int start = bytes.position();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(bytes.remaining());
        CoderResult result = decoder.decode(bytes, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = bytes.position() - start;
            int bad = bytes.get(bytes.position()) & 0xff;
            throw new InvalidUtf8Exception("not valid UTF-8 (byte 0x%02X at offset %d)".formatted(bad, at));
        }
        return out.flip().toString();
    }
}
