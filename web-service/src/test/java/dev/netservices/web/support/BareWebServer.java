package dev.netservices.web.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.files.Compression;
import dev.netservices.web.files.FileCache;
import dev.netservices.web.files.MediaTypes;
import dev.netservices.web.files.StaticFiles;
import dev.netservices.web.handler.Router;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.reactor.ExchangeListener;
import dev.netservices.web.reactor.ServerStats;
import dev.netservices.web.reactor.WebServer;

/**
 * The barest real WebServer over a test folder, on an ephemeral port: one event loop, static files only (no cache,
 * no compression, no listing), its exchanges to the listener given, its time from the clock given. For the tests of
 * what sits around the server (the access log, the clock), where {@link TestWebServer}'s own listener would be in
 * the way.
 */
public final class BareWebServer {

    private BareWebServer() {
    }

    /** The server, bound and serving; the caller closes it. */
    public static WebServer bind(Path root, ExchangeListener listener, ServiceClock clock) throws IOException {
        WebServer server = new WebServer(0, 1, TestLimits.DEFAULTS,
                new Router(List.of(), new StaticFiles(new ConfinedRoot(root), new FileCache(0, 0), new MediaTypes(), false,
                        new Compression(false, 0, 0, 0), new HttpDate(clock))),
                listener, new ServerStats(clock), clock);
        server.bind();
        return server;
    }
}
