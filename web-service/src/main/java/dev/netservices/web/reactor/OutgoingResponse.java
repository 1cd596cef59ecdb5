package dev.netservices.web.reactor;

import dev.netservices.web.http.HttpVersion;
import dev.netservices.web.http.KeepAlive;
import dev.netservices.web.http.Request;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.Status;

/**
 * A response as the connection is to write it: the handler's response, whether its body is left out
 * (a HEAD request), what it says about the connection, and the request line for the access log
 * and metrics ({@link ExchangeReporter} reads status, request line, referer and user agent from here).
 */
record OutgoingResponse(Response response, boolean bodyOmitted, KeepAlive keepAlive, String requestLine, String referer,
        String userAgent) {

    /** The answer to a request that could not be read: the connection closes after it. */
    static OutgoingResponse refusing(Response response, String requestLine) {
        return new OutgoingResponse(response, false, KeepAlive.CLOSE, requestLine, null, null);
    }

    /** The 408 to a request whose head did not come in time: the connection closes after it. */
    static OutgoingResponse timedOut(long headerTimeoutMillis, String requestLineSoFar) {
        return refusing(Response.error(Status.REQUEST_TIMEOUT, "request not received within " + headerTimeoutMillis + " ms"),
                requestLineSoFar);
    }

    /** The answer to a parsed request; {@code draining}: the server is shutting down. */
    static OutgoingResponse to(Request request, Response response, boolean draining) {
        // After a 400 or a server error the two sides may disagree on where the next request starts.
        int code = response.status().code();
        boolean staysOpen = request.keepAlive() && !draining && code != 400 && code < 500;
        KeepAlive keepAlive = !staysOpen ? KeepAlive.CLOSE
                : request.version() == HttpVersion.HTTP_1_0 ? KeepAlive.OPEN_HTTP_1_0 : KeepAlive.OPEN;
        return new OutgoingResponse(response, request.isHead(), keepAlive, request.requestLine(), request.header("Referer"),
                request.header("User-Agent"));
    }

    /** True when body bytes follow the head on the wire. */
    boolean sendsBody() {
        return !bodyOmitted && response.status().allowsBody();
    }
}
