package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import dev.netservices.web.http.Body;

/**
 * Moves the bytes of one response to a non-blocking {@link Transport}, resuming where the socket last
 * filled up: the head and an in-memory body leave in one gathering write, a file region by the
 * transport's {@link Transport#send} (zero-copy {@link FileChannel#transferTo} on plain TCP, a record at
 * a time through the cipher under TLS). It owns the response's body until the last byte is out or the
 * connection is gone, and then releases it (closes the file).
 */
final class ResponseWriter {

    enum Progress {
        /** Every byte is written. */
        DONE,
        /** The socket is full: call again when it is writable. */
        BLOCKED,
        /** The client is gone, or the file shrank below the length already promised: the connection must end. */
        FAILED
    }

    private final ByteBuffer[] headAndBody = new ByteBuffer[2];
    private final ByteBuffer[] headOnly = new ByteBuffer[1];
    private Body body;
    private FileChannel file;
    private long filePosition;
    private long fileEnd;
    private long headBytes;
    private long sent;

    /** @param sendBody false for HEAD and bodiless statuses: the body is released at once */
    void start(ByteBuffer head, Body body, boolean sendBody) {
        this.body = body;
        headBytes = head.remaining();
        sent = 0;
        headAndBody[0] = head;
        headAndBody[1] = null;
        headOnly[0] = head;
        if (!sendBody) {
            releaseBody();
        } else if (body instanceof Body.Bytes bytes) {
            headAndBody[1] = bytes.content().duplicate();
        } else if (body instanceof Body.FileRegion region) {
            file = region.file();
            filePosition = region.position();
            fileEnd = region.position() + region.length();
        }
    }

    Progress writeTo(Transport transport) {
        try {
            ByteBuffer head = headAndBody[0];
            ByteBuffer bytes = headAndBody[1];
            while (head.hasRemaining() || (bytes != null && bytes.hasRemaining())) {
                long n = transport.write(bytes != null ? headAndBody : headOnly);
                if (n == 0) {
                    return Progress.BLOCKED;
                }
                sent += n;
            }
            while (file != null && filePosition < fileEnd) {
                long n = transport.send(file, filePosition, fileEnd - filePosition);
                if (n <= 0) {
                    return file.size() < fileEnd ? Progress.FAILED : Progress.BLOCKED;
                }
                filePosition += n;
                sent += n;
            }
            if (!transport.flush()) {
                return Progress.BLOCKED; // under TLS the last records may still wait to be sent
            }
        } catch (IOException e) {
            return Progress.FAILED;
        }
        release();
        return Progress.DONE;
    }

    /** Body bytes written so far (the whole body once {@link Progress#DONE}). */
    long bodyBytesSent() {
        return Math.max(0, sent - headBytes);
    }

    /** Lets go of the response: its buffers, and its file if it has one. */
    void release() {
        headAndBody[0] = null;
        headAndBody[1] = null;
        headOnly[0] = null;
        releaseBody();
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
        file = null;
    }
}
