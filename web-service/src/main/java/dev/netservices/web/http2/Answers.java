package dev.netservices.web.http2;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.web.http.HttpSyntax;
import dev.netservices.web.http.Request;
import dev.netservices.web.http.RequestHandler;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.Status;

/**
 * Asks the handler HTTP/1.1 uses for a stream's response (after the checks the HTTP/1.1 parser makes of a target and
 * a Host, with the same 400s), and reports the exchange once it is out. A handler
 * that throws gets its client a 500, as over HTTP/1.1.
 */
final class Answers {

    private static final Logger log = LoggerFactory.getLogger(Answers.class);

    private final RequestHandler handler;
    private final Http2Events events;

    Answers(RequestHandler handler, Http2Events events) {
        this.handler = handler;
        this.events = events;
    }

    Response respond(Request request) {
        if (!TargetSyntax.isValid(request)) {
            return Response.error(Status.BAD_REQUEST, "invalid character in the request target");
        }
        String host = request.header("Host");
        if (host != null && !request.method().equals("CONNECT") && !HttpSyntax.isHostValue(host)) {
            // :authority (or host) is checked as HTTP/1.1's Host is: handlers such as the HTTPS redirect build
            // a Location from it, trusting that it is a uri-host[:port] and nothing else
            return Response.error(Status.BAD_REQUEST, "Host is not host[:port]");
        }
        try {
            return handler.handle(request);
        } catch (RuntimeException e) {
            log.warn("Handler failed on {}: {}", request.requestLine(), e.toString(), e);
            return Response.error(Status.INTERNAL_SERVER_ERROR, "the server could not answer this request");
        }
    }

    void report(Stream stream) {
        try {
            events.answered(stream.request, stream.requestLine, stream.response, stream.bodyBytesSent(),
                    stream.startNanos, stream.startTime);
        } catch (RuntimeException e) {
            log.warn("HTTP/2 event listener failed", e);
        }
    }
}
