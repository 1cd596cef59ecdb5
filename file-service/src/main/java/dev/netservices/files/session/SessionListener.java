package dev.netservices.files.session;

/**
 * Told about sessions and their bodies as they happen, on the session's (or the acceptor's) thread: must be
 * quick and must not block. {@code observability.FileMetrics} counts them; the session knows nothing of meters.
 */
public interface SessionListener {

    /** Which way a transfer went. */
    enum Direction { GET, PUT }

    /** How a transfer ended: all bytes moved, refused before any moved, or broken off part way. */
    enum Outcome { COMPLETED, REFUSED, FAILED }

    void sessionOpened();

    void sessionClosed();

    /**
     * Why a connection was turned away: every session slot taken, its address's share taken, or the PROXY protocol
     * (a header from an untrusted peer, or none or an invalid one from a trusted proxy).
     */
    enum Rejection { FULL, ADDRESS_FULL, PROXY_HEADER, BANNED }

    /** A connection turned away unserved. */
    void sessionRejected(Rejection why);

    /** A session closed because it sent no command within the first-command deadline. */
    default void firstCommandLate() {
    }

    /** Body bytes read from a client (uploads, refused ones read and dropped included). */
    void bytesReceived(long bytes);

    /** Body bytes sent to a client (downloads). */
    void bytesSent(long bytes);

    void transferEnded(Direction direction, Outcome outcome);

    /**
     * A transfer that moved all its {@code bytes} in {@code took}: for a download from the GET line read to the last byte
     * written, for an upload from the PUT line read to the file committed and acknowledged.
     */
    default void transferCompleted(Direction direction, long bytes, java.time.Duration took) {
    }
}
