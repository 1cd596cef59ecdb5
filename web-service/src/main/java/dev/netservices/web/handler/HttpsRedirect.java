package dev.netservices.web.handler;

import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

import dev.netservices.web.http.Header;
import dev.netservices.web.http.Request;
import dev.netservices.web.http.RequestHandler;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.Status;

/**
 * The plain port's only answer under {@code web.tls.redirect=true}: 308 (the method and body are kept, RFC
 * 9110 §15.4.9) to the same host, the HTTPS port, the same path and query. The host comes from the
 * request's Host field, which the parser has already checked to be a valid {@code uri-host[:port]}.
 */
public final class HttpsRedirect implements RequestHandler {

    private final IntSupplier httpsPort;

    /** @param httpsPort the bound HTTPS port (known only once that server is bound) */
    public HttpsRedirect(IntSupplier httpsPort) {
        this.httpsPort = httpsPort;
    }

    @Override
    public Response handle(Request request) {
        String host = request.header("Host");
        if (host == null || host.isBlank()) {
            return Response.error(Status.BAD_REQUEST, "a Host field is needed to redirect to HTTPS");
        }
        int port = httpsPort.getAsInt();
        String location = "https://" + hostWithoutPort(host.strip()) + (port == 443 ? "" : ":" + port)
                + request.rawPath() + request.rawQuery();
        byte[] body = ("Moved to " + location + "\n").getBytes(StandardCharsets.UTF_8);
        return Response.of(Status.PERMANENT_REDIRECT, "text/plain; charset=utf-8", body, new Header("Location", location));
    }

    private static String hostWithoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
