package dev.netservices.web.http;

/**
 * Turns a request into a response. It runs on an event loop thread, so it must not block: reading a
 * file's attributes is fine, waiting on a remote service is not.
 */
@FunctionalInterface
public interface RequestHandler {

    Response handle(Request request);
}
