package dev.netservices.web.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.http.HttpLimits;
import dev.netservices.web.support.ClientHellos;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.RawClient.RawResponse;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;
import dev.netservices.web.support.TlsServerFixture;

/**
 * Issue 24: what one client may hold open. Each cap refuses at once, counts the refusal under its limit, and
 * gives its slots back when the connections go.
 */
class AdmissionCapsTest extends TlsServerFixture {


    private TestWebServer startTls(HttpLimits limits) throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.startTls(root, limits, ServiceClock.SYSTEM, certificates.serverContext(), List.of());
        return server;
    }

    @Test
    void handshakesPastTheAddressCapAreClosedAndCounted() throws Exception {
        startTls(TestLimits.builder().maxHandshakesPerAddress(4).build());
        try (ClientHellos hellos = new ClientHellos(certificates.clientContext())) {
            hellos.flood(server.port(), 10, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> hellos.answered() == 10);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(server.stats().refused(Refusal.HANDSHAKES_PER_ADDRESS)).isEqualTo(6);
                assertThat(server.stats().handshakesInProgress()).isEqualTo(4);
            });
            try (RawClient other = new RawClient(server.port())) {
                assertThat(other.closedByServer()).as("nothing sent yet: still waiting, not refused").isFalse();
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(server.stats().handshakesInProgress()).as("slots given back").isZero();
            assertThat(server.stats().openConnections()).isZero();
        });
    }

    @Test
    void handshakesPastTheLoopCapAreClosedAndCounted() throws Exception {
        startTls(TestLimits.builder().maxHandshakes(3).build()); // two loops: six in progress at most
        try (ClientHellos hellos = new ClientHellos(certificates.clientContext())) {
            hellos.flood(server.port(), 10, 5);
            await().atMost(Duration.ofSeconds(30)).until(() -> hellos.answered() == 10);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(server.stats().refused(Refusal.HANDSHAKES_PER_LOOP)).isEqualTo(4);
                assertThat(server.stats().handshakesInProgress()).isEqualTo(6);
            });
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().handshakesInProgress() == 0);
    }

    @Test
    void aFinishedHandshakeGivesItsSlotBack() throws Exception {
        startTls(TestLimits.builder().maxHandshakesPerAddress(1).build());
        for (int i = 0; i < 3; i++) {
            try (Socket tls = certificates.clientContext().getSocketFactory().createSocket("localhost", server.port());
                    RawClient client = new RawClient(tls)) {
                assertThat(client.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
                assertThat(server.stats().handshakesInProgress()).as("done shaking hands").isZero();
            }
        }
        assertThat(server.stats().refused(Refusal.HANDSHAKES_PER_ADDRESS)).isZero();
    }

    @Test
    void connectionsPastTheAddressCapGet503NamingIt() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.start(root, TestLimits.builder().maxConnectionsPerAddress(3).build());
        List<RawClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(server.connect());
            }
            try (RawClient fourth = server.connect()) {
                RawResponse refused = fourth.read();
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.bodyText()).contains("more than 3 open connections from your address");
            }
            Socket elsewhere = new Socket();
            elsewhere.bind(new InetSocketAddress("127.0.0.2", 0));
            elsewhere.connect(new InetSocketAddress("127.0.0.1", server.port()));
            try (RawClient other = new RawClient(elsewhere)) {
                assertThat(other.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
                        .as("another address is not held back").isEqualTo(200);
            }
            assertThat(server.stats().refused(Refusal.CONNECTIONS_PER_ADDRESS)).isEqualTo(1);
        } finally {
            for (RawClient client : held) {
                client.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (RawClient again = server.connect()) {
                assertThat(again.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
                        .as("slots given back on close").isEqualTo(200);
            }
        });
    }

    @Test
    void theHeapCeilingIsHalfTheHeapAtTheWorstCostOfAConnection() {
        long mib = 1024 * 1024;
        assertThat(ConnectionCeiling.of(10_000, 96 * mib, true).effective()).isEqualTo(512);
        assertThat(ConnectionCeiling.of(10_000, 384 * mib, true).effective()).isEqualTo(2048);
        assertThat(ConnectionCeiling.of(10_000, 384 * mib, false).effective()).isEqualTo(4096);
        assertThat(ConnectionCeiling.of(500, 384 * mib, true).effective()).as("the setting, when lower").isEqualTo(500);
        assertThat(ConnectionCeiling.of(10_000, 96 * mib, true).describe())
                .isEqualTo("at most 512 connections (web.max-connections=10000; half of the 96 MiB heap holds 512 at 96 KiB each)");
    }
}
