package dev.netservices.web.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.files.Compression;
import dev.netservices.web.files.FileCache;
import dev.netservices.web.files.MediaTypes;
import dev.netservices.web.files.StaticFiles;
import dev.netservices.web.handler.Router;
import dev.netservices.web.handler.WebHandler;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.http.Request;
import dev.netservices.web.http.Response;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;

/** Issue 12, section 5: an error on a loop costs one connection; a loop that dies anyway is replaced. */
class LoopFailureTest {

    private static final String GET_INDEX = "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n";

    @TempDir
    Path root;
    TestWebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Throws an Error, which a handler's catch of RuntimeException does not stop. */
    private static final WebHandler FAILING = new WebHandler() {
        @Override
        public String pathPrefix() {
            return "/boom";
        }

        @Override
        public Response handle(Request request) {
            throw new OutOfMemoryError("Cannot reserve 122880 bytes of direct buffer memory (a test's)");
        }
    };

    @Test
    void anErrorWhileServingOneConnectionClosesOnlyThatConnection() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.start(root, TestLimits.DEFAULTS, false, List.of(FAILING));
        try (RawClient bystander = server.connect()) {
            assertThat(bystander.send(GET_INDEX).read().status()).isEqualTo(200);
            for (int i = 0; i < 4; i++) {
                try (RawClient victim = server.connect()) {
                    victim.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(victim.closedByServer()).isTrue();
                }
            }
            assertThat(bystander.send(GET_INDEX).read().status()).as("the same loop serves on").isEqualTo(200);
            assertThat(server.server().isServing()).as("every loop alive").isTrue();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(server.stats().failed()).as("counted in web.connections.failed").isEqualTo(4);
                assertThat(server.stats().openConnections()).as("their slots given back").isEqualTo(1);
            });
        }
    }

    @Test
    void aLoopThatDiesIsReplacedAndServingResumes() throws Exception {
        DemoFiles.create(root);
        StaticFiles files = new StaticFiles(new ConfinedRoot(root), new FileCache(0, 0), new MediaTypes(), false,
                new Compression(false, 0, 0, 0), new HttpDate(ServiceClock.SYSTEM));
        LoopSupervisor loops = new LoopSupervisor("test", 1, ConnectionSetup.plain(TestLimits.DEFAULTS,
                new Responder(new Router(List.of(), files)), ServiceClock.SYSTEM, new HttpDate(ServiceClock.SYSTEM),
                new ServerStats(ServiceClock.SYSTEM), exchange -> { }));
        loops.start();
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            try (RawClient doomed = new RawClient(port)) {
                // A bug outside any connection: a channel left blocking cannot be registered, and that throws on
                // the loop itself, the only one.
                assertThat(loops.hand(listener.accept(), "127.0.0.1")).isTrue();
                assertThat(doomed.closedByServer()).as("the dead loop's connections are closed").isTrue();
            }
            await().atMost(Duration.ofSeconds(5)).until(loops::allAlive);
            for (int i = 0; i < 3; i++) {
                try (RawClient client = new RawClient(port)) {
                    SocketChannel accepted = listener.accept();
                    accepted.configureBlocking(false);
                    assertThat(loops.hand(accepted, "127.0.0.1")).isTrue();
                    assertThat(client.send(GET_INDEX).read().status()).as("served by the new loop").isEqualTo(200);
                }
            }
        } finally {
            loops.stop();
        }
    }
}
