package dev.netservices.web.http2;

import java.time.Instant;

import dev.netservices.web.http.Request;
import dev.netservices.web.http.Response;

/**
 * One stream of a connection ({@link StreamState} draws its states): what arrived of the request, and the
 * response on its way out with its send window (RFC 9113 6.9).
 */
final class Stream {

    final int id;
    final long startNanos;
    final Instant startTime;
    StreamState state;
    /** What the stream may still send; negative after a SETTINGS lowered the initial window (6.9.2). */
    long sendWindow;
    /** Request body bytes received, and what content-length promised (-1: none). */
    long bodyReceived;
    long expectedLength = -1;
    /** What the client may still send on this stream, and what it sent that we have not granted back. */
    long receiveWindow;
    int unacknowledged;
    Request request;
    String requestLine;
    Response response;
    ResponseBody body;
    /** The response is sent from an open file: one of the connection's {@code maxOpenFilesPerConnection}. */
    boolean holdsFile;
    boolean trailersExpected;

    Stream(int id, long sendWindow, int receiveWindow, long startNanos, Instant startTime) {
        this.id = id;
        this.sendWindow = sendWindow;
        this.receiveWindow = receiveWindow;
        this.startNanos = startNanos;
        this.startTime = startTime;
        this.state = StreamState.OPEN;
    }

    boolean remoteClosed() {
        return state == StreamState.HALF_CLOSED_REMOTE || state == StreamState.CLOSED;
    }

    /** True while DATA of the response is left to send. */
    boolean sending() {
        return body != null && body.remaining() > 0;
    }

    long bodyBytesSent() {
        return body == null ? 0 : body.sent();
    }
}
