package dev.netservices.web.reactor;

import java.time.Instant;

/**
 * One request and its response, once the response has been written (or the connection died trying).
 *
 * @param remoteAddress client IP
 * @param requestLine   as received, or "-" when none was
 * @param status        status code sent
 * @param bodyBytes     body bytes written
 * @param durationNanos from the request's first byte to the response's last
 * @param time          when the request began
 * @param referer       the request's Referer, null when absent (or no request was read)
 * @param userAgent     the request's User-Agent, null when absent (or no request was read)
 */
public record Exchange(String remoteAddress, String requestLine, int status, long bodyBytes, long durationNanos,
        Instant time, String referer, String userAgent) {

    /** True for a stream of an HTTP/2 connection (its request line ends in {@code HTTP/2.0}). */
    public boolean http2() {
        return requestLine.endsWith(" HTTP/2.0");
    }

    /** An exchange without a readable request's headers (a refusal, a 400, a 408). */
    public Exchange(String remoteAddress, String requestLine, int status, long bodyBytes, long durationNanos, Instant time) {
        this(remoteAddress, requestLine, status, bodyBytes, durationNanos, time, null, null);
    }
}
