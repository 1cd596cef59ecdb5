package dev.netservices.client.files;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.netservices.client.terminal.ServerText;

/** What {@code STAT} or a finished {@code PUT} says about a file on the server. */
public record RemoteDigest(long size, String sha256) {

    private static final Pattern REPLY = Pattern.compile("OK (\\d{1,19}) ([0-9a-f]{64})(?: .*)?", Pattern.DOTALL);

    /** {@code OK <size> <sha256> ...}, as {@code STAT} and a finished {@code PUT} answer; anything else is refused. */
    static RemoteDigest of(String reply) throws IOException {
        Matcher parts = REPLY.matcher(reply);
        try {
            if (parts.matches()) {
                return new RemoteDigest(Long.parseLong(parts.group(1)), parts.group(2));
            }
        } catch (NumberFormatException beyondLong) {
            // told below
        }
        throw new IOException("malformed reply from the server: " + ServerText.shown(reply));
    }
}
