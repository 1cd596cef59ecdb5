package dev.netservices.web.reactor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.web.http.Request;
import dev.netservices.web.http.RequestHandler;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.Status;

/**
 * Asks the handler for the response to a parsed request, on the loop's thread. A handler that throws
 * a RuntimeException gets its client a 500 and the connection goes on; an {@link Error} is left to the
 * loop, which closes that one connection.
 */
final class Responder {

    private static final Logger log = LoggerFactory.getLogger(Responder.class);

    private final RequestHandler handler;

    Responder(RequestHandler handler) {
        this.handler = handler;
    }

    /** The handler itself, which HTTP/2 streams ask directly. */
    RequestHandler handler() {
        return handler;
    }

    /** {@code draining}: the server is shutting down, so the connection closes after this response. */
    OutgoingResponse respond(Request request, boolean draining) {
        Response response;
        try {
            response = handler.handle(request);
        } catch (RuntimeException e) {
            log.warn("Handler failed on {}: {}", request.requestLine(), e.toString(), e);
            response = Response.error(Status.INTERNAL_SERVER_ERROR, "the server could not answer this request");
        }
        return OutgoingResponse.to(request, response, draining);
    }
}
