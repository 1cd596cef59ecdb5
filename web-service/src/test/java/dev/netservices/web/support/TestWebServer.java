package dev.netservices.web.support;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import dev.netservices.common.net.ProxyHeader.TrustedProxies;
import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.common.tls.ServerTls;
import dev.netservices.web.files.Compression;
import dev.netservices.web.files.FileCache;
import dev.netservices.web.files.MediaTypes;
import dev.netservices.web.files.StaticFiles;
import dev.netservices.web.handler.Router;
import dev.netservices.web.handler.WebHandler;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.http.HttpLimits;
import dev.netservices.web.http2.Http2Listener;
import dev.netservices.web.http2.Http2Options;
import dev.netservices.web.reactor.Exchange;
import dev.netservices.web.reactor.ServerStats;
import dev.netservices.web.reactor.Http2Support;
import dev.netservices.web.reactor.WebServer;

/** A real WebServer on an ephemeral port over a test folder, without Spring, for fast socket tests. */
public final class TestWebServer implements AutoCloseable {

    private final WebServer server;
    private final ServerStats stats;
    private final List<Exchange> exchanges = java.util.Collections.synchronizedList(new ArrayList<>());

    private final boolean https;

    private TestWebServer(Path root, HttpLimits limits, boolean listing, List<WebHandler> handlers, ServiceClock clock)
            throws Exception {
        this(root, limits, listing, handlers, clock, null);
    }

    private TestWebServer(Path root, HttpLimits limits, boolean listing, List<WebHandler> handlers, ServiceClock clock,
            SSLContext tls) throws Exception {
        this(root, limits, listing, handlers, clock, tls, null, TrustedProxies.none());
    }

    private TestWebServer(Path root, HttpLimits limits, boolean listing, List<WebHandler> handlers, ServiceClock clock,
            SSLContext tls, InetAddress address, TrustedProxies trusted) throws Exception {
        this(root, limits, listing, handlers, clock, tls, address, trusted, new Compression(false, 0, 0, 0),
                new Http2Support(Http2Options.of(limits), Http2Listener.NONE));
    }

    private TestWebServer(Path root, HttpLimits limits, boolean listing, List<WebHandler> handlers, ServiceClock clock,
            SSLContext tls, InetAddress address, TrustedProxies trusted, Compression compression, Http2Support http2)
            throws Exception {
        StaticFiles files = new StaticFiles(new ConfinedRoot(root), new FileCache(64 * 1024, 1024 * 1024),
                new MediaTypes(), listing, compression, new HttpDate(clock));
        stats = new ServerStats(clock);
        https = tls != null;
        server = https
                ? new WebServer("web-tls", ServerTls.of(tls), 2, address, 0, 2, limits, new Router(handlers, files),
                        exchanges::add, stats, clock, trusted, http2)
                : new WebServer("web", null, 0, address, 0, 2, limits, new Router(handlers, files), exchanges::add, stats,
                        clock, trusted, http2);
        server.bind();
    }

    /** A server that takes the PROXY protocol v2 from {@code trusted} peers; {@code tls} null for plain HTTP. */
    public static TestWebServer startProxied(Path root, HttpLimits limits, SSLContext tls, TrustedProxies trusted)
            throws Exception {
        return new TestWebServer(root, limits, false, List.of(), ServiceClock.SYSTEM, tls, null, trusted);
    }

    /** A server listening on {@code address} only ({@code web.address}); {@code tls} null for plain HTTP. */
    public static TestWebServer startOn(InetAddress address, Path root, HttpLimits limits, SSLContext tls) throws Exception {
        return new TestWebServer(root, limits, false, List.of(), ServiceClock.SYSTEM, tls, address, TrustedProxies.none());
    }

    /** An HTTPS server (the TLS port's server) over {@code root}. */
    public static TestWebServer startTls(Path root, HttpLimits limits, ServiceClock clock, SSLContext tls,
            List<WebHandler> handlers) throws Exception {
        return new TestWebServer(root, limits, false, handlers, clock, tls);
    }

    /**
     * A server for the HTTP/2 tests: compression on (gzip made here, precompressed siblings), HTTP/2 as given (null:
     * off), directory listing on; {@code tls} null for plain HTTP.
     */
    public static TestWebServer startHttp2(Path root, HttpLimits limits, SSLContext tls, Http2Support http2)
            throws Exception {
        return new TestWebServer(root, limits, true, List.of(), ServiceClock.SYSTEM, tls, null, TrustedProxies.none(),
                new Compression(true, 256, 128 * 1024, 1024 * 1024), http2);
    }

    public static TestWebServer start(Path root) throws Exception {
        return new TestWebServer(root, TestLimits.DEFAULTS, false, List.of(), ServiceClock.SYSTEM);
    }

    public static TestWebServer start(Path root, HttpLimits limits) throws Exception {
        return new TestWebServer(root, limits, false, List.of(), ServiceClock.SYSTEM);
    }

    /** A server whose timeouts run on {@code clock}: a test moves the clock instead of waiting. */
    public static TestWebServer start(Path root, HttpLimits limits, ServiceClock clock) throws Exception {
        return new TestWebServer(root, limits, false, List.of(), clock);
    }

    public static TestWebServer start(Path root, HttpLimits limits, boolean listing, List<WebHandler> handlers)
            throws Exception {
        return new TestWebServer(root, limits, listing, handlers, ServiceClock.SYSTEM);
    }

    /** Short timeouts for tests that wait on them. */
    public static HttpLimits fastTimeouts() {
        return TestLimits.builder().headerTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofMillis(300)).build();
    }

    public int port() {
        return server.port();
    }

    public ServerStats stats() {
        return stats;
    }

    public WebServer server() {
        return server;
    }

    public List<Exchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    /**
     * The exchanges once at least {@code count} are logged (at most 5 s). An exchange is logged on the event loop
     * after its last byte is written, so a client that has read its answer can be ahead of the log.
     */
    public List<Exchange> exchanges(int count) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> exchanges.size() >= count);
        return exchanges();
    }

    public RawClient connect() throws Exception {
        return new RawClient(port());
    }

    public String url(String path) {
        return (https ? "https://localhost:" : "http://127.0.0.1:") + port() + path;
    }

    @Override
    public void close() {
        server.close();
    }
}
