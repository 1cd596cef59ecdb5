package dev.netservices.web.http2;

import java.time.Instant;

import dev.netservices.web.http.Request;
import dev.netservices.web.http.Response;

/** What one HTTP/2 connection reports, on its event loop's thread: quick, never blocking. */
public interface Http2Events {

    /**
     * A stream's response is out (or the stream ended trying).
     *
     * @param request   null when the request could not be read (a 400 built by the engine)
     * @param startTime when its HEADERS arrived
     */
    void answered(Request request, String requestLine, Response response, long bodyBytes, long startNanos,
            Instant startTime);

    /** The connection is ended with a GOAWAY carrying {@code code}; {@code abuse} names the attack, or null. */
    void connectionError(ErrorCode code, Abuse abuse);

    /** A stream was refused (REFUSED_STREAM) because MAX_CONCURRENT_STREAMS were open. */
    void streamRefused();
}
