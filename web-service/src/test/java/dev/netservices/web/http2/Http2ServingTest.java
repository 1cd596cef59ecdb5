package dev.netservices.web.http2;

import static dev.netservices.web.support.H2Wire.END_HEADERS;
import static dev.netservices.web.support.H2Wire.END_STREAM;
import static dev.netservices.web.support.H2Wire.GOAWAY;
import static dev.netservices.web.support.H2Wire.HEADERS;
import static dev.netservices.web.support.H2Wire.WINDOW_UPDATE;
import static dev.netservices.web.support.H2Wire.int32;
import static dev.netservices.web.support.H2Wire.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.net.ProxyHeader.TrustedProxies;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.handler.HttpsRedirect;
import dev.netservices.web.reactor.Http2Support;
import dev.netservices.web.reactor.ServerStats;
import dev.netservices.web.reactor.WebServer;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.H2Wire;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;

/**
 * What the static server does over HTTP/1.1 holds over HTTP/2, answered by the same handler: conditional requests,
 * ranges, HEAD, content codings with Vary, error pages, listings; bodies paced by the client's windows; and a
 * graceful shutdown that sends GOAWAY with the last stream id and lets the streams in flight finish.
 */
class Http2ServingTest {

    @TempDir
    Path root;
    TestWebServer server;
    byte[] big = new byte[200_000];

    @BeforeEach
    void start() throws Exception {
        DemoFiles.create(root);
        new java.util.Random(3).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("page.html"), "<p>" + "compressible text ".repeat(200) + "</p>\n");
        Files.writeString(root.resolve("app.js"), "console.log('plain');\n".repeat(30));
        Files.write(root.resolve("app.js.br"), new byte[] {1, 2, 3, 4});
        server = TestWebServer.startHttp2(root, TestLimits.DEFAULTS, null,
                new Http2Support(Http2Options.of(TestLimits.DEFAULTS), Http2Listener.NONE));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pastSixteenFilesOnAConnectionARequestWaitsUnansweredUntilAStreamWithAFileEnds() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port(), settings(0x4, 0))) { // no DATA can go: each file stays held
            for (int i = 0; i < 17; i++) {
                wire.get(1 + 2 * i, "/big.bin");
            }
            wire.frame(H2Wire.PING, 0, 0, new byte[8]); // answered after every request before it was taken in
            java.util.List<H2Wire.Frame> answers = new java.util.ArrayList<>();
            wire.readUntil(frame -> {
                if (frame.type() == HEADERS) {
                    answers.add(frame);
                }
                return frame.type() == H2Wire.PING;
            });
            for (H2Wire.Frame answer : answers) {
                wire.decode(answer); // in order: the HPACK table is the connection's
            }
            assertThat(answers).extracting(H2Wire.Frame::stream)
                    .hasSize(Http2Options.DEFAULT_MAX_OPEN_FILES_PER_CONNECTION).doesNotContain(33);
            wire.frame(H2Wire.RST_STREAM, 0, 1, int32(8)); // CANCEL: stream 1 lets its file go
            H2Wire.Frame next = wire.readUntil(frame -> frame.type() == HEADERS);
            assertThat(next.stream()).as("the waiting request, answered now").isEqualTo(33);
            assertThat(wire.decode(next)).contains(new dev.netservices.web.hpack.HeaderField(":status", "200"));
        }
    }

    @Test
    void conditionalRequestGets304WithoutABody() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port())) {
            wire.get(1, "/style.css");
            String etag = wire.response(1).field("etag");
            wire.get(3, "/style.css", "if-none-match", etag);
            H2Wire.Response notModified = wire.response(3);
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.body()).isEmpty();
            assertThat(notModified.field("content-length")).isNull();
        }
    }

    @Test
    void rangesAndMultipleRangesAreServed() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port())) {
            wire.get(1, "/digits.txt", "range", "bytes=2-5");
            H2Wire.Response one = wire.response(1);
            assertThat(one.status()).isEqualTo(206);
            assertThat(one.field("content-range")).isEqualTo("bytes 2-5/20");
            assertThat(new String(one.body(), StandardCharsets.US_ASCII)).isEqualTo("2345");
            wire.get(3, "/digits.txt", "range", "bytes=0-1,4-5");
            H2Wire.Response two = wire.response(3);
            assertThat(two.status()).isEqualTo(206);
            assertThat(two.field("content-type")).startsWith("multipart/byteranges");
            assertThat(new String(two.body(), StandardCharsets.US_ASCII)).contains("01").contains("45");
        }
    }

    @Test
    void headGetsTheLengthAndNoData() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port())) {
            wire.frame(HEADERS, END_STREAM | END_HEADERS, 1, wire.block("HEAD", "/index.html"));
            H2Wire.Frame headers = wire.readUntil(f -> f.type() == HEADERS);
            assertThat(headers.has(END_STREAM)).as("no DATA follows").isTrue();
            H2Wire.Response head = new H2Wire.Response(wire.decode(headers), new byte[0]);
            assertThat(head.field("content-length")).isEqualTo(String.valueOf(DemoFiles.INDEX.length()));
        }
    }

    @Test
    void gzipMadeHereAndAPrecompressedBrotliSiblingComeWithVary() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port())) {
            wire.get(1, "/page.html", "accept-encoding", "gzip");
            H2Wire.Response gzip = wire.response(1);
            assertThat(gzip.field("content-encoding")).isEqualTo("gzip");
            assertThat(gzip.field("vary")).isEqualToIgnoringCase("accept-encoding");
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(root.resolve("page.html")));
            }
            wire.get(3, "/app.js", "accept-encoding", "br, gzip");
            H2Wire.Response br = wire.response(3);
            assertThat(br.field("content-encoding")).isEqualTo("br");
            assertThat(br.field("vary")).isEqualToIgnoringCase("accept-encoding");
            assertThat(br.body()).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void errorPagesAndListingsAreTheSiteOwn() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port())) {
            wire.get(1, "/nope");
            H2Wire.Response missing = wire.response(1);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("custom not found");
            wire.get(3, "/empty/");
            H2Wire.Response listing = wire.response(3);
            assertThat(listing.status()).isEqualTo(200);
            assertThat(new String(listing.body(), StandardCharsets.UTF_8)).contains("readme.txt");
            wire.frame(HEADERS, END_STREAM | END_HEADERS, 5, wire.block("DELETE", "/index.html"));
            assertThat(wire.response(5).status()).isEqualTo(405);
        }
    }

    /** A server whose plain port redirects everything to HTTPS on 8443, bound to an ephemeral port. */
    private static WebServer redirectingServer() throws IOException {
        WebServer redirecting = new WebServer("web", null, 0, null, 0, 1, TestLimits.DEFAULTS, new HttpsRedirect(() -> 8443),
                exchange -> { }, new ServerStats(ServiceClock.SYSTEM), ServiceClock.SYSTEM, TrustedProxies.none(),
                new Http2Support(Http2Options.of(TestLimits.DEFAULTS), Http2Listener.NONE));
        redirecting.bind();
        return redirecting;
    }

    @Test
    void thePlainPortsHttpsRedirectAnswersOverH2cToo() throws Exception {
        WebServer redirecting = redirectingServer();
        try (H2Wire wire = H2Wire.open(redirecting.port())) {
            wire.get(1, "/digits.txt?x=1");
            H2Wire.Response moved = wire.response(1);
            assertThat(moved.status()).isEqualTo(308);
            assertThat(moved.field("location")).isEqualTo("https://localhost:8443/digits.txt?x=1");
        } finally {
            redirecting.close();
        }
    }

    @Test
    void anAuthorityThatIsNoHostIs400AsABadHostIsOverHttp11AndNeverShapesTheRedirect() throws Exception {
        WebServer redirecting = redirectingServer();
        try (H2Wire wire = H2Wire.open(redirecting.port())) {
            String[][] bad = {{":authority", "evil.example/phish?"}, {":authority", "user@localhost"},
                    {":authority", "a b"}, {":authority", ""}, {"host", "evil.example/phish?"}};
            int stream = 1;
            for (String[] field : bad) {
                wire.frame(HEADERS, END_STREAM | END_HEADERS, stream, wire.blockOf(":method", "GET", ":scheme", "http",
                        ":path", "/digits.txt", field[0], field[1]));
                H2Wire.Response refused = wire.response(stream);
                assertThat(refused.status()).as(field[0] + ": " + field[1]).isEqualTo(400);
                assertThat(refused.field("location")).as(field[0] + ": " + field[1]).isNull();
                assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("Host is not host[:port]");
                stream += 2;
            }
            wire.get(stream, "/digits.txt");
            assertThat(wire.response(stream).field("location")).as("the connection goes on")
                    .isEqualTo("https://localhost:8443/digits.txt");
        } finally {
            redirecting.close();
        }
    }

    @Test
    void aLargeFileGoesOutOnlyAsFastAsTheClientOpensItsWindows() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port(), settings(0x4, 1000))) {
            wire.frame(WINDOW_UPDATE, 0, 0, int32(1_000_000)); // the connection's window is not what is tested here
            wire.get(1, "/big.bin");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean ended = false;
            int granted = 1000;
            while (!ended) {
                H2Wire.Frame frame = wire.read();
                if (frame.type() == H2Wire.DATA) {
                    assertThat(body.size() + frame.payload().length).as("never past the window granted").isLessThanOrEqualTo(granted);
                    body.write(frame.payload());
                    ended = frame.has(END_STREAM);
                    if (!ended && body.size() == granted) {
                        wire.frame(WINDOW_UPDATE, 0, 1, int32(50_000));
                        granted += 50_000;
                    }
                }
            }
            assertThat(body.toByteArray()).isEqualTo(big);
            assertThat(server.exchanges(1)).extracting(e -> e.requestLine() + " " + e.status() + " " + e.bodyBytes())
                    .containsExactly("GET /big.bin HTTP/2.0 200 200000");
        }
    }

    @Test
    void drainingSendsGoAwayWithTheLastStreamAndLetsItFinish() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port(), settings(0x4, 0))) {
            wire.get(1, "/big.bin");
            wire.readUntil(f -> f.type() == HEADERS && f.stream() == 1);
            server.server().stopAccepting();
            H2Wire.Frame goAway = wire.readUntil(f -> f.type() == GOAWAY);
            assertThat(goAway.errorCode()).isEqualTo(ErrorCode.NO_ERROR.code());
            assertThat(goAway.lastStreamId()).isEqualTo(1);
            wire.get(3, "/index.html"); // past the last stream id: ignored
            wire.frame(WINDOW_UPDATE, 0, 0, int32(1_000_000));
            wire.frame(WINDOW_UPDATE, 0, 1, int32(1_000_000));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            H2Wire.Frame last = wire.readUntil(f -> {
                if (f.type() == H2Wire.DATA && f.stream() == 1) {
                    body.writeBytes(f.payload());
                    return f.has(END_STREAM);
                }
                return f.stream() == 3;
            });
            assertThat(last.stream()).as("stream 3 is never answered").isEqualTo(1);
            assertThat(body.toByteArray()).isEqualTo(big);
            assertThat(wire.closedByServer()).as("closed once the last stream is done").isTrue();
        }
    }
}
