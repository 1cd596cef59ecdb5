package dev.netservices.web.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.http.HttpLimits;
import dev.netservices.web.support.ClientHellos;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;
import dev.netservices.web.support.TlsServerFixture;

/** Issue 24 (High): what half-open TLS handshakes cost the server, in heap and in other clients' time. */
class HandshakeFloodTest extends TlsServerFixture {


    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // No cap in the way: what is measured is the cost of each handshake, and the loops' freedom, not the caps.
    private static final HttpLimits UNCAPPED = TestLimits.builder().maxConnectionsPerAddress(100_000)
            .maxHandshakes(100_000).maxHandshakesPerAddress(100_000).build();

    @Test
    void aPendingHandshakeCostsLittleHeap() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.startTls(root, UNCAPPED, ServiceClock.SYSTEM, certificates.serverContext(), List.of());
        int count = 400;
        try (ClientHellos hellos = new ClientHellos(certificates.clientContext())) {
            long before = usedHeapAfterGc();
            hellos.flood(server.port(), count, 4);
            await().atMost(Duration.ofSeconds(60)).until(() -> hellos.answered() == count);
            long perHandshake = (usedHeapAfterGc() - before) / count;
            System.out.printf("heap per pending TLS handshake: %.1f KiB (%d handshakes)%n", perHandshake / 1024.0, count);
            assertThat(perHandshake).isLessThan(24 * 1024);
        }
    }

    @Test
    void freshRequestsAreAnsweredDuringABurstOfHandshakes() throws Exception {
        burstWithFreshRequests(UNCAPPED, "no caps");
    }

    @Test
    void freshRequestsAreAnsweredDuringABurstWithTheDefaultCaps() throws Exception {
        burstWithFreshRequests(TestLimits.DEFAULTS, "default caps");
        assertThat(server.stats().refused(Refusal.HANDSHAKES_PER_ADDRESS)
                + server.stats().refused(Refusal.HANDSHAKES_PER_LOOP)).as("handshakes refused").isPositive();
    }

    private void burstWithFreshRequests(HttpLimits limits, String label) throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.startTls(root, limits, ServiceClock.SYSTEM, certificates.serverContext(), List.of());
        HttpClient client = HttpClient.newBuilder().sslContext(certificates.clientContext())
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpRequest index = HttpRequest.newBuilder(URI.create(server.url("/index.html")))
                .timeout(Duration.ofSeconds(30)).build();
        assertThat(client.send(index, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        List<Long> keptAlive = Collections.synchronizedList(new ArrayList<>());
        List<Long> fresh = new ArrayList<>();
        try (ClientHellos hellos = new ClientHellos(certificates.clientContext())) {
            Thread burst = Thread.ofPlatform().start(() -> {
                try {
                    hellos.flood(server.port(), 2000, 8);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            while (burst.isAlive() || fresh.size() < 5) {
                long start = System.nanoTime();
                assertThat(client.send(index, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                keptAlive.add((System.nanoTime() - start) / 1_000_000);
                HttpClient once = HttpClient.newBuilder().sslContext(certificates.clientContext())
                        .connectTimeout(Duration.ofSeconds(30)).build();
                start = System.nanoTime();
                assertThat(once.send(index, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                fresh.add((System.nanoTime() - start) / 1_000_000);
                once.close();
            }
            burst.join();
            System.out.printf("during a burst of 2000 handshakes (%s): kept-alive request ms %s; new connection ms %s%n",
                    label, summary(keptAlive), summary(fresh));
            assertThat(server.server().isServing()).as("every loop alive").isTrue();
        }
        client.close();
    }

    private static String summary(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return "n=" + sorted.size() + " median=" + sorted.get(sorted.size() / 2) + " max=" + sorted.getLast();
    }
}
