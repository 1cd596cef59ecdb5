package dev.netservices.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.web.reactor.ConnectionCeiling;
import dev.netservices.web.support.ClientHellos;
import dev.netservices.web.support.TestCertificates;

/**
 * Issue 24 (High), as the reviewer did it: thousands of connections that each send a real ClientHello and go
 * silent, against the whole service in a JVM of its own with a small heap and {@code -XX:+ExitOnOutOfMemoryError}
 * (the container's flags, with the heap cut and the flood scaled to fit in a test). Before the fix 3,000 of them
 * needed 190 MiB of heap (65 KiB each) and the 96 MiB process exited; now the process lives, liveness and
 * readiness stay UP, a fresh HTTPS request is answered, the refusals are counted, and closing the flood gives
 * every connection back.
 */
class HandshakeFloodAttackTest {

    private static final int FLOOD = 3_000;
    private static final int FLOOD_ADDRESSES = 8;
    private static final Pattern LISTENING = Pattern.compile("(web-tls|web) server listening on tcp port (\\d+)");
    private static final Pattern ACTUATOR = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total [^\\n]*?used (\\d+)K");

    @TempDir
    static Path folder;
    static TestCertificates certificates;
    static Process service;
    static final List<String> output = Collections.synchronizedList(new ArrayList<>());
    static int tlsPort;
    static int plainPort;
    static int actuatorPort;
    static HttpClient client;
    static final String ADMIN_PASSWORD = "flood-test-admin";

    @BeforeAll
    static void startService() throws Exception {
        certificates = TestCertificates.makeIn(folder);
        Path site = Files.createDirectories(folder.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<p>It works</p>\n");
        Files.write(site.resolve("big.bin"), new byte[16 * 1024 * 1024]);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        service = new ProcessBuilder(java, "-Xmx96m", "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), WebApplication.class.getName(),
                "--web.port=0", "--web.tls.port=0", "--server.port=0", "--web.event-loops=2",
                "--web.tls.bundle=web", "--web.access-log.enabled=false", "--web.root=" + site,
                "--web.admin.password=" + ADMIN_PASSWORD,
                "--spring.ssl.bundle.pem.web.keystore.certificate=file:" + certificates.certificate(),
                "--spring.ssl.bundle.pem.web.keystore.private-key=file:" + certificates.privateKey())
                .redirectErrorStream(true).start();
        CompletableFuture<Void> ports = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> readOutput(ports));
        ports.get(90, TimeUnit.SECONDS);
        client = HttpClient.newBuilder().sslContext(certificates.clientContext())
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    private static void readOutput(CompletableFuture<Void> ports) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    if (listening.group(1).equals("web-tls")) {
                        tlsPort = Integer.parseInt(listening.group(2));
                    } else {
                        plainPort = Integer.parseInt(listening.group(2));
                    }
                }
                Matcher actuator = ACTUATOR.matcher(line);
                if (actuator.find()) {
                    actuatorPort = Integer.parseInt(actuator.group(1));
                }
                if (tlsPort > 0 && plainPort > 0 && actuatorPort > 0) {
                    ports.complete(null);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        ports.completeExceptionally(new IllegalStateException("the service ended before listening:\n"
                + String.join("\n", output)));
    }

    @AfterAll
    static void stopService() throws Exception {
        if (client != null) {
            client.close();
        }
        if (service != null) {
            service.destroy();
            if (!service.waitFor(20, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Health details (the reactor's) are the admin's. */
    private static String actuatorAsAdmin(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + actuatorPort + "/actuator/" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String actuator(String path) throws Exception {
        return get("http://127.0.0.1:" + actuatorPort + "/actuator/" + path).body();
    }

    /** The service's heap in use right after a full collection: jcmd GC.run, then GC.heap_info's "used". */
    private static long heapAfterGc() throws Exception {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        assertThat(used.find()).as(info).isTrue();
        return Long.parseLong(used.group(1)) * 1024;
    }

    private static String jcmd(String command) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(service.pid()), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor(30, TimeUnit.SECONDS)).as(out).isTrue();
        return out;
    }

    private static double metric(String prometheus, String series) {
        return prometheus.lines().filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aFloodOfHalfOpenHandshakesLeavesTheServiceAliveAndServing() throws Exception {
        assertThat(output).anyMatch(line -> line.contains("web: at most") && line.contains("MiB heap holds"));
        long heapBefore = heapAfterGc();
        try (ClientHellos flood = new ClientHellos(certificates.clientContext())) {
            flood.flood(tlsPort, FLOOD, FLOOD_ADDRESSES);
            await().atMost(Duration.ofSeconds(60)).until(() -> flood.answered() == FLOOD);
            long held = heapAfterGc() - heapBefore;

            assertThat(service.isAlive()).as("the process lives:\n%s", String.join("\n", output)).isTrue();
            assertThat(actuatorAsAdmin("health/liveness")).contains("\"status\":\"UP\"").contains("\"reactor\"");
            assertThat(actuator("health/readiness")).contains("\"status\":\"UP\"");
            // A client of its own, closed at once: a pooled connection would count as open until the JDK client's
            // 30 s keep-alive ended it, the same time the release check below waits.
            try (HttpClient once = HttpClient.newBuilder().sslContext(certificates.clientContext())
                    .connectTimeout(Duration.ofSeconds(20)).build()) {
                HttpResponse<String> fresh = once.send(HttpRequest.newBuilder(URI.create("https://localhost:" + tlsPort + "/"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(fresh.statusCode()).as("a fresh HTTPS request during the flood").isEqualTo(200);
            }
            String metrics = actuator("prometheus");
            double pending = metric(metrics, "web_tls_handshakes_active");
            System.out.printf("flood of %d: %s; open %.0f, handshakes in progress %.0f (%.1f KiB of heap each in the"
                    + " service), refused: connections %.0f, handshakes %.0f%n", FLOOD,
                    output.stream().filter(line -> line.contains("web: at most")).findFirst().orElse("?"),
                    metric(metrics, "web_connections_open"), pending, held / pending / 1024,
                    metric(metrics, "web_connections_refused_total"), metric(metrics, "web_tls_handshakes_refused_total"));
            assertThat(metric(metrics, "web_tls_handshakes_refused_total")
                    + metric(metrics, "web_connections_refused_total")).as("refusals counted").isPositive();
            assertThat(metric(metrics, "web_connections_failed_total")).as("no connection lost to an error").isZero();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = actuator("prometheus");
            assertThat(metric(metrics, "web_connections_open")).as("connections released").isZero();
            assertThat(metric(metrics, "web_tls_handshakes_active")).as("handshake slots released").isZero();
        });
        assertThat(service.isAlive()).isTrue();
    }

    /**
     * The worst a connection can be made to hold: (on the TLS port, done shaking hands) asking for a large file
     * with more requests pipelined behind it, not reading. The heap's connection ceiling counts on no more.
     */
    @Test
    void aConnectionThatStopsReadingHoldsNoMoreThanTheCeilingAssumes() throws Exception {
        long tls = heapPerStalledReader(() -> certificates.clientContext().getSocketFactory().createSocket(), tlsPort);
        long plain = heapPerStalledReader(Socket::new, plainPort);
        System.out.printf("a connection not reading a large file, requests pipelined behind: TLS %.1f KiB, plain"
                + " %.1f KiB of heap in the service%n", tls / 1024.0, plain / 1024.0);
        assertThat(tls).isLessThanOrEqualTo(ConnectionCeiling.TLS_CONNECTION_BYTES);
        assertThat(plain).isLessThanOrEqualTo(ConnectionCeiling.PLAIN_CONNECTION_BYTES);
    }

    private interface Sockets {
        Socket open() throws Exception;
    }

    private static long heapPerStalledReader(Sockets sockets, int port) throws Exception {
        int count = 100;
        List<Socket> stalled = new ArrayList<>();
        long heapBefore = heapAfterGc();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = sockets.open();
                stalled.add(socket);
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress("localhost", port));
                // the service keeps up to a read buffer (32 KiB) of the requests behind the first
                socket.getOutputStream().write(("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n".repeat(700)).getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            long[] last = {heapAfterGc()};
            // held once the service's writes have stalled: two readings a second apart within 5% of each other
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                long now = heapAfterGc();
                boolean steady = Math.abs(now - last[0]) < 0.05 * Math.max(1, last[0] - heapBefore);
                last[0] = now;
                return steady;
            });
            return (last[0] - heapBefore) / count;
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> metric(actuator("prometheus"), "web_connections_open") == 0);
        }
    }
}
