package dev.netservices.web.http2;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.netservices.web.http.Body;

/**
 * A response body going out as DATA frames, a window at a time: bytes in memory are sliced (shared, not
 * copied), a file is read one frame's worth at a time at its position, so a stream never holds more of a
 * file than the frame on its way out.
 */
final class ResponseBody {

    private final Body body;
    private long position;
    private long remaining;
    private long sent;

    ResponseBody(Body body) {
        this.body = body;
        this.remaining = body.length();
        this.position = switch (body) {
            case Body.FileRegion file -> file.position();
            case Body.Bytes bytes -> bytes.content().position();
            case Body.Empty empty -> 0;
        };
    }

    long remaining() {
        return remaining;
    }

    long sent() {
        return sent;
    }

    /** The next {@code n} bytes; fewer only when the file shrank (then the stream must be reset). */
    ByteBuffer next(int n) throws IOException {
        ByteBuffer chunk = switch (body) {
            case Body.Bytes bytes -> bytes.content().duplicate().position((int) position).limit((int) position + n).slice();
            case Body.FileRegion file -> {
                ByteBuffer into = ByteBuffer.allocate(n);
                while (into.hasRemaining()) {
                    int read = file.file().read(into, position + into.position());
                    if (read < 0) {
                        throw new IOException("the file shrank below its promised length");
                    }
                }
                yield into.flip();
            }
            case Body.Empty empty -> ByteBuffer.allocate(0);
        };
        position += n;
        remaining -= n;
        sent += n;
        return chunk;
    }

    void release() {
        body.release();
    }
}
