package dev.netservices.web;

import java.time.ZoneId;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.accesslog.AccessLog;
import dev.netservices.web.accesslog.CommonLogFormat;
import dev.netservices.web.files.DocumentRoot;
import dev.netservices.web.files.FileCache;
import dev.netservices.web.files.MediaTypes;
import dev.netservices.web.files.StaticFiles;
import dev.netservices.web.handler.Router;
import dev.netservices.web.handler.WebHandler;
import dev.netservices.web.observability.WebMetrics;
import dev.netservices.web.reactor.ExchangeListener;
import dev.netservices.web.reactor.ServerStats;
import dev.netservices.web.reactor.WebServer;

/** Wires the reactor, the router, the static files and the listeners from {@link WebProperties}. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    ServerStats serverStats(ServiceClock clock) {
        return new ServerStats(clock);
    }

    @Bean
    DocumentRoot documentRoot(WebProperties properties) {
        return DocumentRoot.of(properties.root());
    }

    @Bean
    StaticFiles staticFiles(DocumentRoot root, WebProperties properties) {
        return new StaticFiles(new ConfinedRoot(root.path()),
                new FileCache(properties.cache().maxFileSize().toBytes(), properties.cache().maxSize().toBytes()),
                new MediaTypes(), properties.directoryListing());
    }

    @Bean
    Router router(List<WebHandler> handlers, StaticFiles files) {
        return new Router(handlers, files);
    }

    @Bean
    @ConditionalOnProperty(prefix = "web.access-log", name = "enabled", havingValue = "true", matchIfMissing = true)
    AccessLog accessLog() {
        return new AccessLog(new CommonLogFormat(ZoneId.systemDefault()), AccessLog.toLogger());
    }

    @Bean
    WebMetrics webMetrics(MeterRegistry registry, ServerStats stats, ObjectProvider<AccessLog> accessLog) {
        return new WebMetrics(registry, stats, accessLog.getIfAvailable());
    }

    @Bean
    WebServer webServer(WebProperties properties, Router router, WebMetrics metrics, ObjectProvider<AccessLog> accessLog,
            ServerStats stats, ServiceClock clock) {
        ExchangeListener listener = metrics;
        AccessLog log = accessLog.getIfAvailable();
        if (log != null) {
            listener = exchange -> {
                metrics.exchanged(exchange);
                log.exchanged(exchange);
            };
        }
        return new WebServer(properties.port(), properties.eventLoopCount(), properties.limits(), router, listener,
                stats, clock);
    }
}
