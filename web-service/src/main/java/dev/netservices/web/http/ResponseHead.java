package dev.netservices.web.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a status line and header block: the response's own headers plus the framing ones we own.
 *
 * <p>It sits on the path of every response, so it writes bytes straight into one array (header text is
 * ISO-8859-1 by definition) instead of building a String and encoding it: the status line with
 * {@code Server} and the {@code Date} name is a constant per status, and nothing else is allocated but
 * the array itself.
 */
public final class ResponseHead {

    public static final String SERVER = "netservices-web";

    private static final byte[][] START = new byte[Status.values().length][];
    private static final byte[] CONTENT_LENGTH = "\r\nContent-Length: ".getBytes(StandardCharsets.ISO_8859_1);

    static {
        for (Status status : Status.values()) {
            START[status.ordinal()] = ("HTTP/1.1 " + status.code() + " " + status.reason() + "\r\nServer: " + SERVER
                    + "\r\nDate: ").getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private ResponseHead() {
    }

    public static ByteBuffer encode(Response response, String date, KeepAlive keepAlive) {
        Status status = response.status();
        byte[] start = START[status.ordinal()];
        int size = start.length + date.length() + CONTENT_LENGTH.length + 24 + keepAlive.headerLine().length() + 2;
        for (Header header : response.headers()) {
            size += header.name().length() + header.value().length() + 4;
        }
        byte[] out = Arrays.copyOf(start, size);
        int n = put(out, start.length, date);
        for (Header header : response.headers()) {
            out[n++] = '\r';
            out[n++] = '\n';
            n = put(out, n, header.name());
            out[n++] = ':';
            out[n++] = ' ';
            n = put(out, n, header.value());
        }
        if (status.allowsBody()) {
            System.arraycopy(CONTENT_LENGTH, 0, out, n, CONTENT_LENGTH.length);
            n = put(out, n + CONTENT_LENGTH.length, Long.toString(response.body().length()));
        }
        out[n++] = '\r';
        out[n++] = '\n';
        n = put(out, n, keepAlive.headerLine());
        out[n++] = '\r';
        out[n++] = '\n';
        return ByteBuffer.wrap(out, 0, n);
    }

    /**
     * The low byte of each char, as ISO-8859-1 header text is. {@code String.getBytes(int, int, byte[], int)} does
     * exactly that and, for the Latin-1 strings headers are, as one array copy: a JFR profile of the event loop
     * serving small files put a char-by-char loop here at a fifth of the loop's Java samples.
     */
    @SuppressWarnings("deprecation") // deprecated for lossy encoding, which is what ISO-8859-1 header bytes are
    private static int put(byte[] out, int at, String text) {
        text.getBytes(0, text.length(), out, at);
        return at + text.length();
    }
}
