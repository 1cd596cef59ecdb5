package dev.netservices.web.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.WebProperties;
import dev.netservices.web.files.Compression;
import dev.netservices.web.files.FileCache;
import dev.netservices.web.files.MediaTypes;
import dev.netservices.web.files.OpenFiles;
import dev.netservices.web.files.StaticFiles;
import dev.netservices.web.handler.Router;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.reactor.ServerStats;
import dev.netservices.web.reactor.WebServer;

/**
 * A web server with the default settings (the limit of open files among them, derived from the JVM's descriptor
 * limit) in a JVM of its own, for tests that must give it a small heap
 * and direct-memory limit. Prints {@code PORT n} on stderr; then answers each line on stdin with
 * {@code UP} or {@code DOWN} (its readiness) there; ends when stdin closes. Its log goes to stdout.
 */
public final class StandaloneWebServer {

    private StandaloneWebServer() {
    }

    public static void main(String[] args) throws Exception {
        WebProperties settings = new Binder(new MapConfigurationPropertySource()).bindOrCreate("web", WebProperties.class);
        StaticFiles files = new StaticFiles(new ConfinedRoot(Path.of(args[0])),
                new FileCache(settings.cache().maxFileSize().toBytes(), settings.cache().maxSize().toBytes()),
                new MediaTypes(), false, new Compression(false, 0, 0, 0), new HttpDate(ServiceClock.SYSTEM),
                OpenFiles.of(settings.maxOpenFiles()));
        WebServer server = new WebServer(0, 2, settings.limits(), new Router(List.of(), files), exchange -> { },
                new ServerStats(ServiceClock.SYSTEM), ServiceClock.SYSTEM);
        server.bind();
        System.err.println("PORT " + server.port());
        System.err.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        while (in.readLine() != null) {
            System.err.println(server.isServing() ? "UP" : "DOWN");
            System.err.flush();
        }
        server.close();
    }
}
