package dev.netservices.web.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.netservices.common.tools.RequiredTool;
import dev.netservices.web.reactor.Http2Support;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.H2Wire;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;
import dev.netservices.web.support.TlsServerFixture;

/**
 * Clients nobody wrote for this server speak HTTP/2 to it: curl with prior knowledge and over TLS by ALPN,
 * nghttp, and Java's HttpClient; with {@code web.http2.enabled=false} they get HTTP/1.1 as before.
 */
class Http2ClientsTest extends TlsServerFixture {

    private static Http2Support http2() {
        return new Http2Support(Http2Options.of(TestLimits.DEFAULTS), Http2Listener.NONE);
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        try {
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return new Result(process.exitValue(), out, err.get());
        } finally {
            process.destroyForcibly();
        }
    }

    private static String curl() {
        return RequiredTool.onPath("curl", "curl").toString();
    }

    @Test
    void curlWithPriorKnowledgeGetsThePageOverH2cOnThePlainPort() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.startHttp2(root, TestLimits.DEFAULTS, null, http2());
        Result curl = run(curl(), "-sS", "--http2-prior-knowledge", "-w", "\n%{http_version}", server.url("/index.html"));
        assertThat(curl.exit()).as(curl.err()).isZero();
        assertThat(curl.out()).isEqualTo(DemoFiles.INDEX + "\n2");
        assertThat(server.exchanges(1)).extracting(e -> e.requestLine() + " " + e.status())
                .containsExactly("GET /index.html HTTP/2.0 200");
    }

    @Test
    void http11StillWorksOnThePlainPortBesideH2c() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.startHttp2(root, TestLimits.DEFAULTS, null, http2());
        Result curl = run(curl(), "-sS", "--http1.1", "-w", "\n%{http_version}", server.url("/index.html"));
        assertThat(curl.out()).isEqualTo(DemoFiles.INDEX + "\n1.1");
    }

    @Test
    void curlOverTlsIsOfferedH2FirstByAlpnAndUsesIt() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.startHttp2(root, TestLimits.DEFAULTS, certificates.serverContext(), http2());
        Result curl = run(curl(), "-sS", "-v", "--http2", "--cacert", certificates.ca().toString(), server.url("/index.html"),
                server.url("/style.css"));
        assertThat(curl.exit()).as(curl.err()).isZero();
        assertThat(curl.err()).contains("ALPN: server accepted h2").contains("< HTTP/2 200");
        assertThat(curl.out()).isEqualTo(DemoFiles.INDEX + "body { color: #123; }\n");
        assertThat(curl.err()).as("both requests on one connection").containsPattern("(?i)re-?using existing connection");
    }

    /**
     * Each frame in a TLS record of its own, written at once: the records arrive together, and what the TLS engine
     * decrypted beyond the first must be read without waiting for the socket to signal again.
     */
    @Test
    void h2OverTlsWithEachFrameInItsOwnRecordIsAnswered() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.startHttp2(root, TestLimits.DEFAULTS, certificates.serverContext(), http2());
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) certificates.clientContext().getSocketFactory()
                .createSocket("localhost", server.port());
        javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"h2"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
        try (H2Wire wire = new H2Wire(socket)) {
            wire.raw(H2Wire.PREFACE);
            wire.frame(H2Wire.SETTINGS, 0, 0, new byte[0]);
            wire.frame(H2Wire.WINDOW_UPDATE, 0, 0, H2Wire.int32(1000));
            wire.get(1, "/index.html");
            wire.get(3, "/style.css");
            assertThat(new String(wire.response(1).body(), StandardCharsets.UTF_8)).isEqualTo(DemoFiles.INDEX);
            assertThat(wire.response(3).status()).isEqualTo(200);
        }
    }

    @Test
    void nghttpSeesOurSettingsAndAWholeResponse() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.startHttp2(root, TestLimits.DEFAULTS, null, http2());
        Result nghttp = run(RequiredTool.onPath("nghttp", "nghttp2-client").toString(), "-nv", server.url("/digits.txt"));
        assertThat(nghttp.exit()).as(nghttp.out() + nghttp.err()).isZero();
        assertThat(nghttp.out()).contains("[SETTINGS_MAX_CONCURRENT_STREAMS(0x03):128]")
                .contains("[SETTINGS_MAX_HEADER_LIST_SIZE(0x06):16384]").contains(":status: 200")
                .contains("content-length: 20").contains("recv DATA frame <length=20, flags=0x01").doesNotContain("GOAWAY frame <length=8, flags=0x00, stream_id=0>\n          (last_stream_id=0, error_code=PROTOCOL");
    }

    @Test
    void javaHttpClientMultiplexesManyRequestsOverOneH2Connection() throws Exception {
        DemoFiles.create(root);
        byte[] big = new byte[300_000];
        new java.util.Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        server = TestWebServer.startHttp2(root, TestLimits.DEFAULTS, certificates.serverContext(), http2());
        HttpClient client = HttpClient.newBuilder().sslContext(certificates.clientContext())
                .version(HttpClient.Version.HTTP_2).build();
        // one request first: until its connection is up, the client would open one per request
        assertThat(client.send(HttpRequest.newBuilder(URI.create(server.url("/"))).build(),
                HttpResponse.BodyHandlers.discarding()).version()).isEqualTo(HttpClient.Version.HTTP_2);
        List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(server.url(i % 3 == 0 ? "/big.bin" : "/index.html")))
                    .build(), HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (int i = 0; i < responses.size(); i++) {
            HttpResponse<byte[]> response = responses.get(i).get(30, TimeUnit.SECONDS);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(i % 3 == 0 ? big : DemoFiles.INDEX.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(server.stats().openConnections()).as("one connection carried them all").isEqualTo(1);
    }

    @Test
    void withHttp2DisabledTlsOffersOnlyHttp11AndThePrefaceIsAnHttp11Error() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.startHttp2(root, TestLimits.DEFAULTS, certificates.serverContext(), null);
        Result tls = run(curl(), "-sS", "-v", "--http2", "--cacert", certificates.ca().toString(), server.url("/"));
        assertThat(tls.err()).contains("ALPN: server accepted http/1.1").contains("< HTTP/1.1 200");
        server.close();
        server = TestWebServer.startHttp2(root, TestLimits.DEFAULTS, null, null);
        Result plain = run(curl(), "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--http2-prior-knowledge", server.url("/"));
        assertThat(plain.exit()).isNotZero();
        assertThat(server.exchanges(1)).extracting(e -> e.requestLine() + " " + e.status())
                .containsExactly("PRI * HTTP/2.0 505");
    }
}
