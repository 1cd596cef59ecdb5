package dev.netservices.web.handler;

import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;

import dev.netservices.web.http.Header;
import dev.netservices.web.http.Request;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.Status;
import dev.netservices.web.reactor.ServerStats;

/** {@code GET /api/status}: the server's uptime, open connections and requests served, as JSON. */
@Component
public class StatusHandler implements WebHandler {

    private final ServerStats stats;

    public StatusHandler(ServerStats stats) {
        this.stats = stats;
    }

    @Override
    public String pathPrefix() {
        return "/api/status";
    }

    @Override
    public Response handle(Request request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Response.error(Status.METHOD_NOT_ALLOWED, "/api/status answers GET and HEAD only", Router.ALLOW_GET_HEAD);
        }
        if (!request.rawPath().equals(pathPrefix())) {
            return Response.error(Status.NOT_FOUND, "no such status resource");
        }
        // Three numbers: a JSON library would add nothing here.
        String json = "{\"uptimeSeconds\":%d,\"connections\":%d,\"requests\":%d}\n"
                .formatted(stats.uptime().toSeconds(), stats.openConnections(), stats.requests());
        return Response.of(Status.OK, "application/json", json.getBytes(StandardCharsets.UTF_8),
                new Header("Cache-Control", "no-store"));
    }
}
