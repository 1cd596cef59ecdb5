package dev.netservices.web.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.netservices.common.time.ManualClock;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.common.tools.RequiredTool;
import dev.netservices.web.handler.HttpsRedirect;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;
import dev.netservices.web.support.TlsServerFixture;

/**
 * The TLS port over real sockets with real clients (curl, java.net.http, raw SSLSockets), certificates
 * from scripts/dev-ca.sh.
 */
class HttpsTest extends TlsServerFixture {

    TestWebServer plain;

    @AfterEach
    void stopPlain() {
        if (plain != null) {
            plain.close();
        }
    }

    private TestWebServer start(ServiceClock clock) throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.startTls(root, TestLimits.DEFAULTS, clock, certificates.serverContext(), List.of());
        return server;
    }

    private RawClient tlsClient(String... protocols) throws Exception {
        SSLSocket socket = (SSLSocket) certificates.clientContext().getSocketFactory()
                .createSocket("localhost", server.port());
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        socket.startHandshake();
        return new RawClient(socket);
    }

    private static Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    }

    record Result(int exit, String out, String err) {
    }

    @Test
    void curlTrustingTheDevelopmentCaGetsThePageOverHttp11ChosenByAlpn() throws Exception {
        start(ServiceClock.SYSTEM);
        Result curl = run(RequiredTool.onPath("curl", "curl").toString(), "-sS", "-v", "--http1.1", "--cacert",
                certificates.ca().toString(), server.url("/"));
        assertThat(curl.exit()).as(curl.err()).isZero();
        assertThat(curl.out()).isEqualTo(DemoFiles.INDEX);
        assertThat(curl.err()).contains("ALPN: server accepted http/1.1").contains("SSL certificate verify ok");
    }

    @Test
    void onlyTls12And13AreSpoken() throws Exception {
        start(ServiceClock.SYSTEM);
        Result tls12 = run(RequiredTool.onPath("curl", "curl").toString(), "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--tlsv1.2", "--tls-max", "1.2",
                "--cacert", certificates.ca().toString(), server.url("/"));
        assertThat(tls12.out()).as(tls12.err()).isEqualTo("200");
        Result tls13 = run(RequiredTool.onPath("curl", "curl").toString(), "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--tlsv1.3",
                "--cacert", certificates.ca().toString(), server.url("/"));
        assertThat(tls13.out()).as(tls13.err()).isEqualTo("200");
        // openssl itself allows TLS 1.1 only at security level 0: so the ClientHello offers it, and the server refuses
        Result tls11 = run(RequiredTool.onPath("openssl", "openssl").toString(), "s_client", "-connect", "127.0.0.1:" + server.port(), "-tls1_1",
                "-cipher", "DEFAULT@SECLEVEL=0");
        assertThat(tls11.exit()).as("TLS 1.1 is refused").isNotZero();
        assertThat(tls11.out() + tls11.err()).containsIgnoringCase("alert protocol version");
    }

    @Test
    void javaHttpClientKeepsOneConnectionForTwoRequests() throws Exception {
        start(ServiceClock.SYSTEM);
        HttpClient client = HttpClient.newBuilder().sslContext(certificates.clientContext())
                .version(HttpClient.Version.HTTP_1_1).build();
        try (client) {
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(server.url("/"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(DemoFiles.INDEX);
                assertThat(response.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
            }
            assertThat(server.server().liveSessions()).as("both requests on one connection").isEqualTo(1);
        }
    }

    @Test
    void keepAliveAndPipeliningOverOneTlsConnection() throws Exception {
        start(ServiceClock.SYSTEM);
        try (RawClient client = tlsClient()) {
            assertThat(client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").read().bodyText()).isEqualTo(DemoFiles.INDEX);
            assertThat(client.send("GET /style.css HTTP/1.1\r\nHost: localhost\r\n\r\n").read().status()).isEqualTo(200);
            // two requests in one write, so in one TLS record: answered in order
            client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\nGET /missing HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
            assertThat(client.read().status()).isEqualTo(404);
        }
    }

    @Test
    void manyPipelinedRequestsBeyondOneReadBufferAreAllAnswered() throws Exception {
        start(ServiceClock.SYSTEM);
        StringBuilder requests = new StringBuilder();
        int count = 400; // about 40 KiB of requests: more than one read buffer of decrypted bytes
        for (int i = 0; i < count; i++) {
            requests.append("GET /?n=").append(i).append(" HTTP/1.1\r\nHost: localhost\r\nX-Pad: ")
                    .append("p".repeat(40)).append("\r\n\r\n");
        }
        try (RawClient client = tlsClient()) {
            client.send(requests.toString());
            for (int i = 0; i < count; i++) {
                assertThat(client.read().status()).as("response " + i).isEqualTo(200);
            }
        }
    }

    @Test
    void aLargeFileArrivesByteExactThroughTheCipher() throws Exception {
        start(ServiceClock.SYSTEM);
        byte[] content = new byte[20 * 1024 * 1024];
        new Random(12).nextBytes(content);
        Files.write(root.resolve("big.bin"), content);
        HttpClient client = HttpClient.newBuilder().sslContext(certificates.clientContext())
                .version(HttpClient.Version.HTTP_1_1).build();
        try (client) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(server.url("/big.bin"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(MessageDigest.getInstance("SHA-256").digest(response.body()))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
        }
        Path copy = root.resolve("copy.bin");
        Result curl = run(RequiredTool.onPath("curl", "curl").toString(), "-sS", "--cacert", certificates.ca().toString(), "-o", copy.toString(), "-r", "1000-",
                server.url("/big.bin"));
        assertThat(curl.exit()).as(curl.err()).isZero();
        assertThat(Files.readAllBytes(copy)).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, content.length));
    }

    @Test
    void aClientThatStallsMidHandshakeIsCutAtTheHeaderTimeout() throws Exception {
        ManualClock clock = new ManualClock();
        start(clock);
        try (RawClient stalled = new RawClient(server.port()); RawClient silent = new RawClient(server.port())) {
            // the first bytes of a TLS handshake record (a ClientHello of 512 bytes), then nothing
            stalled.send(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00});
            // a marker instead of a quiet period: a whole TLS request served after the stalled bytes were sent; a
            // close of the stalled connection would be in its socket by then, so a read that finds nothing at once
            // shows it open
            try (RawClient marker = tlsClient()) {
                assertThat(marker.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").read().status()).isEqualTo(200);
            }
            stalled.timeout(1);
            assertThat(stalled.closedByServer()).as("open while the clock stands still").isFalse();
            clock.advance(TestLimits.DEFAULTS.headerTimeout().plusSeconds(1));
            stalled.timeout(10_000);
            silent.timeout(10_000);
            assertThat(stalled.closedByServer()).isTrue();
            assertThat(silent.closedByServer()).as("connected and said nothing").isTrue();
        }
    }

    @Test
    void plainHttpOnTheTlsPortIsClosedWithoutAnHttpAnswer() throws Exception {
        start(ServiceClock.SYSTEM);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] answer = in.readAllBytes(); // ends at EOF: the server closed
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/");
            // the promised TLS alert: one alert record (content type 21, TLS 1.2 record version, length 2), fatal level
            assertThat(answer).as("a fatal TLS alert record, then the close").hasSize(7)
                    .startsWith(0x15, 0x03, 0x03, 0x00, 0x02, 0x02);
        }
        // and the port still serves TLS clients
        try (RawClient client = tlsClient()) {
            assertThat(client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsTheHandshake() throws Exception {
        start(ServiceClock.SYSTEM);
        SSLSocket socket = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket("localhost", server.port());
        try (socket) {
            org.assertj.core.api.Assertions.assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("PKIX path building failed");
        }
    }

    @Test
    void pastTheConnectionLimitTheTlsPortClosesANewConnectionWithoutA503() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.startTls(root, TestLimits.builder().maxConnections(2).build(), ServiceClock.SYSTEM,
                certificates.serverContext(), List.of());
        try (RawClient first = tlsClient(); RawClient second = tlsClient()) {
            assertThat(first.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").read().status()).isEqualTo(200);
            assertThat(second.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").read().status()).isEqualTo(200);
            try (Socket extra = new Socket("127.0.0.1", server.port())) {
                extra.setSoTimeout(10_000);
                byte[] answer;
                try {
                    answer = extra.getInputStream().readAllBytes(); // ends at EOF: the server closed
                } catch (java.net.SocketException reset) {
                    answer = new byte[0];
                }
                assertThat(answer).as("closed with no plain-text 503 before a handshake").isEmpty();
            }
            assertThat(server.stats().refused(Refusal.MAX_CONNECTIONS)).isEqualTo(1);
            assertThat(first.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").read().status())
                    .as("the open ones are served on").isEqualTo(200);
        }
    }

    @Test
    void aClientOfferingOnlyAProtocolWeDoNotSpeakFailsTheHandshakeWithNoApplicationProtocol() throws Exception {
        start(ServiceClock.SYSTEM);
        Result h3 = run(RequiredTool.onPath("openssl", "openssl").toString(), "s_client", "-connect",
                "127.0.0.1:" + server.port(), "-alpn", "h3", "-CAfile", certificates.ca().toString());
        assertThat(h3.exit()).as("the handshake fails").isNotZero();
        assertThat(h3.out() + h3.err()).containsIgnoringCase("alert no application protocol");
        Result both = run(RequiredTool.onPath("openssl", "openssl").toString(), "s_client", "-connect",
                "127.0.0.1:" + server.port(), "-alpn", "http/1.1,h2", "-CAfile", certificates.ca().toString());
        assertThat(both.out()).as("our preference, h2, wins over the client's order").contains("ALPN protocol: h2");
    }

    @Test
    void thePlainPortRedirectsWith308ToTheSamePathOnTheHttpsPort() throws Exception {
        start(ServiceClock.SYSTEM);
        plain = TestWebServer.start(root, TestLimits.DEFAULTS, false, List.of());
        WebServer redirecting = new WebServer(0, 1, TestLimits.DEFAULTS, new HttpsRedirect(() -> server.port()),
                e -> { }, new ServerStats(ServiceClock.SYSTEM), ServiceClock.SYSTEM);
        redirecting.bind();
        try {
            Result head = run(RequiredTool.onPath("curl", "curl").toString(), "-sS", "-i", "http://localhost:" + redirecting.port() + "/style.css?v=2");
            assertThat(head.out()).startsWith("HTTP/1.1 308 Permanent Redirect")
                    .contains("Location: https://localhost:" + server.port() + "/style.css?v=2");
            Result followed = run(RequiredTool.onPath("curl", "curl").toString(), "-sS", "-L", "--cacert", certificates.ca().toString(),
                    "http://localhost:" + redirecting.port() + "/");
            assertThat(followed.out()).as(followed.err()).isEqualTo(DemoFiles.INDEX);
        } finally {
            redirecting.close();
        }
    }

    @Test
    void everyOpenTlsConnectionIsCountedOnItsPort() throws Exception {
        start(ServiceClock.SYSTEM);
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(tlsClient("TLSv1.2"));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.server().liveSessions() == 3);
        } finally {
            for (RawClient client : clients) {
                client.close();
            }
        }
    }
}
