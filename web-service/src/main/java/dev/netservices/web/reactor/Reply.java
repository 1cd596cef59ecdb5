package dev.netservices.web.reactor;

import dev.netservices.web.http.HttpVersion;
import dev.netservices.web.http.Persistence;
import dev.netservices.web.http.Request;
import dev.netservices.web.http.Response;

/**
 * A response as the connection is to write it: the handler's response, whether its body is left out
 * (a HEAD request), what it says about the connection, and the request line for the access log.
 */
record Reply(Response response, boolean bodyOmitted, Persistence persistence, String requestLine) {

    /** The answer to a request that could not be read: the connection closes after it. */
    static Reply refusing(Response response, String requestLine) {
        return new Reply(response, false, Persistence.CLOSE, requestLine);
    }

    /** The answer to a parsed request; {@code draining}: the server is shutting down. */
    static Reply to(Request request, Response response, boolean draining) {
        // After a 400 or a server error the two sides may disagree on where the next request starts.
        int code = response.status().code();
        boolean keepAlive = request.keepAlive() && !draining && code != 400 && code < 500;
        Persistence persistence = !keepAlive ? Persistence.CLOSE
                : request.version() == HttpVersion.HTTP_1_0 ? Persistence.KEEP_ALIVE_HTTP_1_0 : Persistence.KEEP_ALIVE;
        return new Reply(response, request.isHead(), persistence, request.requestLine());
    }

    /** True when body bytes follow the head on the wire. */
    boolean sendsBody() {
        return !bodyOmitted && response.status().allowsBody();
    }
}
