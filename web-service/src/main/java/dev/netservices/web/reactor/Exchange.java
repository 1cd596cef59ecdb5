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
 */
public record Exchange(String remoteAddress, String requestLine, int status, long bodyBytes, long durationNanos,
        Instant time) {
}
