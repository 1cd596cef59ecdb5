package dev.netservices.chat.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import dev.netservices.chat.room.OneLine;
import dev.netservices.common.text.InvalidUtf8Exception;
import dev.netservices.common.text.StrictUtf8;

import org.springframework.http.MediaType;

/** The rules for what the admin writes besides announcements: reasons and addresses. */
final class AdminRequests {

    static final int MAX_REASON_CHARACTERS = 200;
    /** Longest ban or mute: a year. */
    static final int MAX_MINUTES = 525_600;
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private AdminRequests() {
    }

    /** Why {@code text} (a reason) is refused, or null: one line, without format characters, at most 200 characters. */
    static String badText(String text) {
        if (text.codePointCount(0, text.length()) > MAX_REASON_CHARACTERS) {
            return "A reason has at most " + MAX_REASON_CHARACTERS + " characters.";
        }
        return OneLine.allows(text) ? null : "A reason is one line, without control or invisible format characters.";
    }

    /**
     * The text of a {@code text/plain} body, decoded strictly: in UTF-8 unless the Content-Type names another
     * charset, and refused rather than patched with U+FFFD where a byte does not decode, so that no announcement
     * reaches the members other than as the admin wrote it. Null for no body.
     */
    static String plainText(byte[] body, MediaType type) throws InvalidUtf8Exception {
        if (body == null) {
            return null;
        }
        Charset charset = type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        if (charset.equals(StandardCharsets.UTF_8)) {
            return StrictUtf8.decode(body, 0, body.length);
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidUtf8Exception("not valid " + charset.name());
        }
    }

    /** The problem detail for a body {@link #plainText} refused. */
    static String notText(InvalidUtf8Exception e) {
        return "The body is " + e.getMessage() + "; nothing was sent.";
    }

    /** The IP address {@code text} is written as (a literal: never looked up), or null when it is not one. */
    static InetAddress address(String text) {
        if (text == null || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(text); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
