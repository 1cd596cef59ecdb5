package dev.netservices.files.session;

import java.io.BufferedInputStream;
import java.io.InputStream;

/**
 * The session's buffered input, able to say how many bytes it holds already read from the socket.
 * An upload body first drains those, then reads the socket channel directly into a direct buffer,
 * saving two copies per byte on the way to the file.
 */
final class SessionInput extends BufferedInputStream {

    SessionInput(InputStream in, int size) {
        super(in, size);
    }

    /** Bytes buffered here and not yet consumed. */
    synchronized int buffered() {
        return count - pos;
    }
}
