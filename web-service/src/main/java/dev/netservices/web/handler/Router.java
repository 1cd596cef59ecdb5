package dev.netservices.web.handler;

import java.util.List;
import java.util.Set;

import dev.netservices.web.files.StaticFiles;
import dev.netservices.web.http.Header;
import dev.netservices.web.http.Request;
import dev.netservices.web.http.RequestHandler;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.Status;

/** Decides who answers: 501 for unknown methods, then handlers by path prefix, then static files (GET/HEAD). */
public final class Router implements RequestHandler {

    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
    public static final Header ALLOW_GET_HEAD = new Header("Allow", "GET, HEAD");

    private final List<WebHandler> handlers;
    private final StaticFiles files;

    public Router(List<WebHandler> handlers, StaticFiles files) {
        for (WebHandler handler : handlers) {
            String prefix = handler.pathPrefix();
            if (!prefix.startsWith("/") || prefix.endsWith("/")) {
                throw new IllegalArgumentException("a handler's path prefix starts with / and does not end with it: " + prefix);
            }
        }
        this.handlers = List.copyOf(handlers);
        this.files = files;
    }

    /** Errors are HTML pages, unless the client asks for plain text rather than HTML. */
    @Override
    public Response handle(Request request) {
        Response response = route(request);
        return response.problem() != null && wantsText(request.header("Accept")) ? response.asText() : response;
    }

    /** True when Accept names text/plain (q above 0) and not text/html. */
    static boolean wantsText(String accept) {
        if (accept == null) {
            return false;
        }
        boolean text = false;
        for (String element : accept.split(",")) {
            String[] parts = element.split(";");
            String type = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip();
                refused |= parameter.startsWith("q=") && parameter.substring(2).strip().matches("0(\\.0{0,3})?");
            }
            if (type.equals("text/html") && !refused) {
                return false;
            }
            text |= type.equals("text/plain") && !refused;
        }
        return text;
    }

    private Response route(Request request) {
        String method = request.method();
        if (!KNOWN_METHODS.contains(method)) {
            return Response.error(Status.NOT_IMPLEMENTED, "method " + method + " is not implemented");
        }
        String path = request.rawPath();
        for (WebHandler handler : handlers) {
            String prefix = handler.pathPrefix();
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return handler.handle(request);
            }
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Response.error(Status.METHOD_NOT_ALLOWED, "static files answer GET and HEAD only", ALLOW_GET_HEAD);
        }
        return files.serve(request);
    }
}
