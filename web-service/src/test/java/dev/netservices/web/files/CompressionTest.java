package dev.netservices.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.handler.Router;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.reactor.ServerStats;
import dev.netservices.web.reactor.WebServer;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.RawClient.RawResponse;
import dev.netservices.web.support.TestLimits;

/** Issue 12, section 3: gzip and precompressed siblings for text, never for ranges, tiny files or images. */
class CompressionTest {

    @TempDir
    static Path root;
    static WebServer server;
    static final String CSS = "body { color: #333; margin: 0 auto; }\n".repeat(100);

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(root.resolve("style.css"), CSS);
        Files.writeString(root.resolve("tiny.txt"), "tiny\n");
        Files.writeString(root.resolve("app.js"), "console.log('plain');\n".repeat(50));
        Files.write(root.resolve("app.js.br"), "BROTLI-BYTES".getBytes(StandardCharsets.US_ASCII));
        Files.write(root.resolve("app.js.gz"), gzipOf("console.log('plain');\n".repeat(50)));
        Files.write(root.resolve("photo.png"), new byte[4096]);
        StaticFiles files = new StaticFiles(new ConfinedRoot(root), new FileCache(128 * 1024, 1024 * 1024), new MediaTypes(),
                false, new Compression(true, 256, 128 * 1024, 1024 * 1024), new HttpDate(ServiceClock.SYSTEM));
        server = new WebServer(0, 1, TestLimits.DEFAULTS, new Router(List.of(), files), exchange -> { },
                new ServerStats(ServiceClock.SYSTEM), ServiceClock.SYSTEM);
        server.bind();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawResponse get(String path, String... headerLines) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            return client.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + String.join("", headerLines) + "\r\n").read();
        }
    }

    private static byte[] gzipOf(String text) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.GZIPOutputStream(out)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void textIsGzippedWhenAcceptedWithVaryAndAnETagOfItsOwn() throws Exception {
        RawResponse plain = get("/style.css");
        RawResponse gzipped = get("/style.css", "Accept-Encoding: gzip, deflate\r\n");
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(plain.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(plain.bodyText()).isEqualTo(CSS);
        assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gzipped.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(gzipped.body().length).isLessThan(CSS.length() / 5);
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo(CSS);
        assertThat(gzipped.header("ETag")).isNotEqualTo(plain.header("ETag")).endsWith("-gzip\"");
        assertThat(get("/style.css", "Accept-Encoding: gzip\r\n", "If-None-Match: " + gzipped.header("ETag") + "\r\n").status())
                .isEqualTo(304);
        assertThat(get("/style.css", "Accept-Encoding: gzip;q=0\r\n").header("Content-Encoding")).as("q=0 refuses").isNull();
        assertThat(get("/style.css", "Accept-Encoding: *\r\n").header("Content-Encoding")).isEqualTo("gzip");
        RawResponse xGzip = get("/style.css", "Accept-Encoding: x-gzip\r\n");
        assertThat(xGzip.header("Content-Encoding")).as("x-gzip is gzip (RFC 9110 8.4.1.3)").isEqualTo("gzip");
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(xGzip.body())).readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo(CSS);
        assertThat(get("/style.css", "Accept-Encoding: x-gzip;q=0\r\n").header("Content-Encoding")).isNull();
    }

    @Test
    void neverForRangesTinyFilesOrImages() throws Exception {
        RawResponse range = get("/style.css", "Accept-Encoding: gzip\r\n", "Range: bytes=0-3\r\n");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.header("Content-Encoding")).isNull();
        assertThat(range.bodyText()).isEqualTo("body");
        assertThat(get("/tiny.txt", "Accept-Encoding: gzip\r\n").header("Content-Encoding")).isNull();
        RawResponse image = get("/photo.png", "Accept-Encoding: gzip\r\n");
        assertThat(image.header("Content-Encoding")).isNull();
        assertThat(image.header("Vary")).isNull();
    }

    @Test
    void precompressedSiblingsAreServedAsTheyAreBrotliFirst() throws Exception {
        RawResponse br = get("/app.js", "Accept-Encoding: gzip, br\r\n");
        assertThat(br.header("Content-Encoding")).isEqualTo("br");
        assertThat(br.bodyText()).isEqualTo("BROTLI-BYTES");
        assertThat(br.header("ETag")).endsWith("-br\"");
        RawResponse gz = get("/app.js", "Accept-Encoding: gzip\r\n");
        assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gz.body()).isEqualTo(Files.readAllBytes(root.resolve("app.js.gz")));
        RawResponse head;
        try (RawClient client = new RawClient(server.port())) {
            head = client.send("HEAD /app.js HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\n").read(true);
        }
        assertThat(head.header("Content-Length")).isEqualTo("12");
    }

    @Test
    void aSiblingChangedOnDiskIsServedNewAtOnceAndOneRemovedGivesWayToGzip() throws Exception {
        String plain = "export const answer = 42;\n".repeat(40);
        Files.writeString(root.resolve("notes.js"), plain);
        Path brotli = root.resolve("notes.js.br");
        Files.write(brotli, "BR-ONE".getBytes(StandardCharsets.US_ASCII));
        RawResponse first = get("/notes.js", "Accept-Encoding: br, gzip\r\n");
        assertThat(first.bodyText()).isEqualTo("BR-ONE");
        assertThat(get("/notes.js", "Accept-Encoding: br, gzip\r\n").header("ETag")).isEqualTo(first.header("ETag"));

        Files.write(brotli, "BR-SECOND-VERSION".getBytes(StandardCharsets.US_ASCII));
        RawResponse second = get("/notes.js", "Accept-Encoding: br, gzip\r\n");
        assertThat(second.bodyText()).isEqualTo("BR-SECOND-VERSION");
        assertThat(second.header("ETag")).isNotEqualTo(first.header("ETag")).endsWith("-br\"");

        Files.delete(brotli);
        RawResponse gzip = get("/notes.js", "Accept-Encoding: br, gzip\r\n");
        assertThat(gzip.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes(),
                StandardCharsets.UTF_8)).isEqualTo(plain);
        assertThat(get("/notes.js", "Accept-Encoding: identity\r\n").bodyText()).isEqualTo(plain);
    }
}
