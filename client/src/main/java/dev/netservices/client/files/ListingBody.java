package dev.netservices.client.files;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A {@code LIST} body read a line at a time, never whole: exactly its announced bytes, each CRLF-ended line an
 * entry ({@code <size> <name>} or {@code - <name>/}); a lone LF is part of a name, since the body is framed by its
 * byte count and not by lines.
 */
final class ListingBody {

    private static final int MAX_LINE = 64 * 1024;

    private ListingBody() {
    }

    static void read(InputStream in, long length, Consumer<RemoteFile> entries) throws IOException {
        long read = 0;
        while (read < length) {
            byte[] line = line(in, read, length);
            read += line.length;
            String text = new String(line, StandardCharsets.UTF_8);
            entries.accept(RemoteFile.listed(text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text.strip()));
        }
    }

    /** One line, its CRLF included, of at most the {@code length - read} bytes left. */
    private static byte[] line(InputStream in, long read, long length) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (line.size() < length - read) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed after %d of the listing's %d bytes".formatted(read + line.size(), length));
            }
            line.write(b);
            if (b == '\n' && previous == '\r') {
                break;
            }
            previous = b;
            if (line.size() > MAX_LINE) {
                throw new IOException("listing line longer than " + MAX_LINE + " bytes");
            }
        }
        return line.toByteArray();
    }
}
