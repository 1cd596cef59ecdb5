package dev.netservices.files.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/**
 * The byte stream under a session: plain TCP ({@link PlainConduit}, where a download is one
 * {@code sendfile} and an upload lands in a direct buffer) or TLS ({@link TlsConduit}, where every
 * byte passes through the cipher). The session and its transfers see only this.
 */
public interface Conduit {

    /** Runs before the greeting: the TLS handshake, nothing for plain TCP. A failure ends the connection unanswered. */
    void open() throws IOException;

    /** The stream command lines (and the first body bytes) are read from. */
    InputStream input() throws IOException;

    /** Reads body bytes into {@code buffer} straight from the connection; -1 at end of stream. */
    int readBody(ByteBuffer buffer) throws IOException;

    /** Writes all of {@code bytes}. */
    void write(ByteBuffer bytes) throws IOException;

    /** Sends up to {@code count} bytes of {@code file} from {@code position}; answers how many went. */
    long sendFile(FileChannel file, long position, long count) throws IOException;

    /** Makes a read blocked now (or soon) see end of stream, so the session can still say why it ends. */
    void stopInput();

    boolean isOpen();

    /** Closes after the last reply even when the peer is still sending, so the reply is not lost to a reset. */
    void lingeringClose();

    /** Closes at once. */
    void close();

    /** Whether this is the TLS port. */
    boolean isSecure();

    /** The underlying channel, for its addresses. */
    SocketChannel channel();
}
