package dev.netservices.web.handler;

import dev.netservices.web.http.Request;
import dev.netservices.web.http.Response;

/**
 * Serves every request whose path is {@link #pathPrefix()} or lies under it ({@code /api/status} and
 * {@code /api/status/x}, not {@code /api/statusx}), ahead of the static files. Declare one as a Spring
 * bean and the server picks it up.
 *
 * <p>It runs on an event loop thread: answer from memory, never block.
 */
public interface WebHandler {

    /** Starts with '/', no trailing '/'. */
    String pathPrefix();

    /** Any method reaches the handler except unknown ones (501); it answers 405 itself for the ones it refuses. */
    Response handle(Request request);
}
