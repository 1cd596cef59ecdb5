package dev.netservices.web;

import java.time.ZoneId;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.common.tls.ServerTls;
import dev.netservices.web.accesslog.AccessLog;
import dev.netservices.web.accesslog.AccessLogFile;
import dev.netservices.web.accesslog.AccessLogFormat;
import dev.netservices.web.accesslog.CombinedLogFormat;
import dev.netservices.web.accesslog.JsonLogFormat;
import dev.netservices.web.files.Compression;
import dev.netservices.web.files.DocumentRoot;
import dev.netservices.web.files.FileCache;
import dev.netservices.web.files.MediaTypes;
import dev.netservices.web.files.OpenFiles;
import dev.netservices.web.files.StaticFiles;
import dev.netservices.web.handler.HttpsRedirect;
import dev.netservices.web.handler.Router;
import dev.netservices.web.handler.WebHandler;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.http.RequestHandler;
import dev.netservices.web.observability.ReactorHealthIndicator;
import dev.netservices.web.http2.Http2Options;
import dev.netservices.web.observability.WebMetrics;
import dev.netservices.web.reactor.ConnectionCeiling;
import dev.netservices.web.reactor.ExchangeListener;
import dev.netservices.web.reactor.Http2Support;
import dev.netservices.web.reactor.ServerStats;
import dev.netservices.web.reactor.WebServer;

/** Wires the reactor, the router, the static files and the listeners from {@link WebProperties}. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebConfiguration.class);

    /** The connection limit in force: {@code web.max-connections}, or fewer when the heap cannot hold as many. */
    @Bean
    ConnectionCeiling connectionCeiling(WebProperties properties) {
        ConnectionCeiling ceiling = ConnectionCeiling.of(properties.maxConnections(), Runtime.getRuntime().maxMemory(),
                properties.tls().enabled());
        log.info("web: {}", ceiling.describe());
        return ceiling;
    }

    @Bean
    ServerStats serverStats(ServiceClock clock) {
        return new ServerStats(clock);
    }

    @Bean
    DocumentRoot documentRoot(WebProperties properties) {
        return DocumentRoot.of(properties.root());
    }

    /** The files responses may hold open at once: {@code web.max-open-files}, or half the descriptor limit. */
    @Bean
    OpenFiles openFiles(WebProperties properties) {
        OpenFiles files = OpenFiles.of(properties.maxOpenFiles());
        log.info("web: {}", files.describe(properties.maxOpenFiles()));
        if (files.limit() >= OpenFiles.descriptorLimit()) {
            log.warn("web.max-open-files={} is not below the process's limit of {} file descriptors: a client holding "
                    + "that many files leaves none for new connections", files.limit(), OpenFiles.descriptorLimit());
        }
        return files;
    }

    @Bean
    StaticFiles staticFiles(DocumentRoot root, WebProperties properties, ServiceClock clock, OpenFiles openFiles) {
        return new StaticFiles(new ConfinedRoot(root.path()),
                new FileCache(properties.cache().maxFileSize().toBytes(), properties.cache().maxSize().toBytes()),
                new MediaTypes(), properties.directoryListing(),
                new Compression(properties.compression().enabled(), properties.compression().minSize().toBytes(),
                        properties.cache().maxFileSize().toBytes(), properties.compression().cacheSize().toBytes()),
                new HttpDate(clock), openFiles);
    }

    @Bean
    Router router(List<WebHandler> handlers, StaticFiles files) {
        return new Router(handlers, files);
    }

    @Bean
    @ConditionalOnProperty(prefix = "web.access-log", name = "enabled", havingValue = "true", matchIfMissing = true)
    AccessLog accessLog(WebProperties properties, ObjectProvider<AccessLogFile> file) {
        file.getIfAvailable(); // the file, when there is one, is in place before the first line
        AccessLogFormat format = switch (properties.accessLog().format()) {
            case COMBINED -> new CombinedLogFormat(ZoneId.systemDefault());
            case JSON -> new JsonLogFormat();
        };
        return new AccessLog(format, AccessLog.toLogger());
    }

    @Bean
    @ConditionalOnProperty(prefix = "web.access-log", name = "file")
    AccessLogFile accessLogFile(WebProperties properties) {
        WebProperties.AccessLog settings = properties.accessLog();
        return AccessLogFile.attach(settings.file(), settings.maxFileSize().toBytes(), settings.maxHistory());
    }

    @Bean
    WebMetrics webMetrics(MeterRegistry registry, ServerStats stats, ObjectProvider<AccessLog> accessLog,
            OpenFiles openFiles, ConnectionCeiling ceiling) {
        WebMetrics metrics = new WebMetrics(registry, stats, accessLog.getIfAvailable());
        metrics.watch(openFiles);
        metrics.watch(ceiling);
        return metrics;
    }

    @Bean
    ReactorHealthIndicator reactorHealthIndicator(List<WebServer> servers, ConnectionCeiling ceiling, ServerStats stats) {
        return new ReactorHealthIndicator(servers, ceiling, stats);
    }

    /** HTTP/2 on both ports, or null when {@code web.http2.enabled} is false. */
    private static Http2Support http2(WebProperties properties, WebMetrics metrics) {
        if (!properties.http2().enabled()) {
            return null;
        }
        return new Http2Support(Http2Options.of(properties.limits(), properties.http2().maxConcurrentStreams(),
                properties.http2().maxOpenFilesPerConnection()), metrics);
    }

    // Both ports report to the same metrics and access log.
    private static ExchangeListener listener(WebMetrics metrics, ObjectProvider<AccessLog> accessLog) {
        AccessLog log = accessLog.getIfAvailable();
        if (log == null) {
            return metrics;
        }
        return exchange -> {
            metrics.exchanged(exchange);
            log.exchanged(exchange);
        };
    }

    @Bean
    @Primary
    WebServer webServer(WebProperties properties, Router router, WebMetrics metrics, ObjectProvider<AccessLog> accessLog,
            ServerStats stats, ServiceClock clock, ObjectProvider<TlsPort> tlsPort, ConnectionCeiling ceiling) {
        RequestHandler handler = router;
        if (properties.tls().redirect()) {
            TlsPort https = tlsPort.getObject();
            handler = new HttpsRedirect(() -> https.server().port());
        }
        return new WebServer("web", null, 0, properties.address(), properties.port(), properties.eventLoopCount(),
                properties.limits().withMaxConnectionsAtMost(ceiling.effective()), handler, listener(metrics, accessLog),
                stats, clock, properties.proxyProtocol().trustedProxies(), http2(properties, metrics));
    }

    /**
     * The HTTPS port, when {@code web.tls.bundle} names an SSL bundle. Each new connection takes the bundle's
     * current SSLContext ({@link ServerTls}), so a reloaded certificate (reload-on-update) is used without a restart.
     */
    @Bean
    @ConditionalOnProperty("web.tls.bundle")
    TlsPort tlsPort(WebProperties properties, Router router, WebMetrics metrics, ObjectProvider<AccessLog> accessLog,
            ServerStats stats, ServiceClock clock, SslBundles bundles, ConnectionCeiling ceiling) {
        ServerTls tls = ServerTls.fromBundle(bundles, properties.tls().bundle());
        return new TlsPort(new WebServer("web-tls", tls, properties.tls().handshakeThreadCount(),
                properties.address(), properties.tls().port(), properties.eventLoopCount(),
                properties.limits().withMaxConnectionsAtMost(ceiling.effective()), router, listener(metrics, accessLog),
                stats, clock, properties.proxyProtocol().trustedProxies(), http2(properties, metrics)));
    }

    /** The HTTPS server as a bean of its own type, so that {@code WebServer} alone still means the plain port. */
    record TlsPort(WebServer server) {
    }

    @Bean
    @ConditionalOnProperty("web.tls.bundle")
    WebServer tlsWebServer(TlsPort port) {
        return port.server();
    }
}
