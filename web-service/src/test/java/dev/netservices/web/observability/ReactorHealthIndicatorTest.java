package dev.netservices.web.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Status;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.files.Compression;
import dev.netservices.web.files.FileCache;
import dev.netservices.web.files.MediaTypes;
import dev.netservices.web.files.StaticFiles;
import dev.netservices.web.handler.Router;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.reactor.ConnectionCeiling;
import dev.netservices.web.reactor.ServerStats;
import dev.netservices.web.reactor.WebServer;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.TestLimits;

/**
 * Issue 24: a process that lost a thread it cannot serve without must not look alive. Here the acceptor's
 * thread ends while the process runs on (interrupted in accept, its channel closes and the thread returns, as
 * an Error escaping the JDK's accept would end it): the reactor component, in the liveness group, goes DOWN.
 */
class ReactorHealthIndicatorTest {

    @Test
    void aPortThatLostItsAcceptorIsDownForLivenessAndReadiness(@TempDir Path root) throws Exception {
        DemoFiles.create(root);
        StaticFiles files = new StaticFiles(new ConfinedRoot(root), new FileCache(0, 0), new MediaTypes(), false,
                new Compression(false, 0, 0, 0), new HttpDate(ServiceClock.SYSTEM));
        ServerStats stats = new ServerStats(ServiceClock.SYSTEM);
        WebServer server = new WebServer("doomed", null, 0, 0, 1, TestLimits.DEFAULTS, new Router(List.of(), files),
                exchange -> { }, stats, ServiceClock.SYSTEM);
        ReactorHealthIndicator health = new ReactorHealthIndicator(List.of(server),
                ConnectionCeiling.of(10_000, Runtime.getRuntime().maxMemory(), false), stats);
        server.bind();
        try {
            try (RawClient client = new RawClient(server.port())) {
                assertThat(client.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            }
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails()).containsKeys("maxConnections", "tlsHandshakesInProgress");

            Thread acceptor = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("doomed-accept")).findFirst().orElseThrow();
            acceptor.interrupt();
            acceptor.join(5_000);

            assertThat(acceptor.isAlive()).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> !server.threadsAlive());
            assertThat(server.isServing()).as("readiness").isFalse();
            assertThat(health.health().getStatus()).as("liveness").isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsEntry("threadsLost", "doomed");
        } finally {
            server.close();
        }
    }
}
