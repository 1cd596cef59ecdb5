package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * What lies between a {@link Connection} and its socket: plain TCP, or TLS over it. The connection reads
 * and writes application bytes; the transport moves them, non-blocking, and says when it holds bytes of
 * its own (decrypted input not yet read, encrypted output not yet sent) that need the loop's attention.
 */
sealed interface Transport permits PlainTransport, TlsTransport {

    /** Reads application bytes into {@code into}: their count, 0 when none are ready, -1 at end of stream. */
    int read(ByteBuffer into) throws IOException;

    /** Writes as much of {@code from} as the socket takes now; the count of application bytes taken. */
    long write(ByteBuffer[] from) throws IOException;

    /**
     * Sends up to {@code count} bytes of {@code file} from {@code position}: the count taken, 0 when the
     * socket is full or the file ends before {@code position}.
     */
    long send(FileChannel file, long position, long count) throws IOException;

    /** Sends what the transport still holds of earlier writes: true once nothing is left. */
    boolean flush() throws IOException;

    /** Input already received and decrypted (or decryptable) that the socket will not signal again. */
    boolean hasBufferedInput();

    /** The protocol ALPN chose ({@code h2}, {@code http/1.1}), or "" (none chosen, plain TCP, handshake not done). */
    String applicationProtocol();

    /** True until the TLS handshake is complete; a plain transport is never handshaking. */
    boolean handshaking();

    /** A TLS handshake task runs elsewhere: nothing to read or write until {@code resume} is called. */
    boolean awaitingTask();

    /** What to call (from another thread) when a task the transport handed over is done. */
    void afterTasks(Runnable resume);

    /** No more output: a TLS close_notify, then the TCP half-close. */
    void shutdownOutput() throws IOException;

    /** Lets go of the transport's buffers (the channel is closed by the connection). */
    void release();
}
