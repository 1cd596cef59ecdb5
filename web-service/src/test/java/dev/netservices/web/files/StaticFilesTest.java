package dev.netservices.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.handler.StatusHandler;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient.RawResponse;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;

/** Static files through java.net.http.HttpClient against a real server. */
class StaticFilesTest {

    private static final HttpDate DATES = new HttpDate(ServiceClock.SYSTEM);

    @TempDir
    static Path root;
    static TestWebServer server;
    static TestWebServer listing;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.start(root);
        listing = TestWebServer.start(root, TestLimits.DEFAULTS, true, List.of(new StatusHandler(new dev.netservices.web.reactor.ServerStats(ServiceClock.SYSTEM))));
    }

    @AfterAll
    static void stop() {
        server.close();
        listing.close();
        http.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        return get(server, path, headers);
    }

    private static HttpResponse<String> get(TestWebServer target, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url(path)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rootServesIndexHtmlWithItsHeaders() throws Exception {
        HttpResponse<String> response = get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(DemoFiles.INDEX);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(DemoFiles.INDEX.length()));
        assertThat(response.headers().firstValue("Server")).hasValue("netservices-web");
        assertThat(DATES.parse(response.headers().firstValue("Date").orElseThrow())).isNotNull();
        assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(tag -> assertThat(tag).matches("\"[0-9a-f]+-[0-9a-f]+\""));
        assertThat(response.headers().firstValue("Last-Modified")).isPresent();
    }

    @Test
    void contentTypesComeFromTheFileName() throws Exception {
        assertThat(get("/style.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/data.json").headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(get("/digits.txt").headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void folderWithoutTrailingSlashIsRedirected() throws Exception {
        HttpResponse<String> response = get("/docs?x=1");
        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("/docs/?x=1");
        assertThat(get("/docs/").body()).contains("docs");
    }

    @Test
    void folderWithoutIndexIsForbiddenUnlessListingIsOn() throws Exception {
        HttpResponse<String> forbidden = get("/empty/");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("directory listing is off");
        HttpResponse<String> listed = get(listing, "/empty/");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("<a href=\"readme.txt\">readme.txt</a>");
        HttpResponse<String> rootListing = get(listing, "/docs/");
        assertThat(rootListing.body()).contains("docs");
    }

    @Test
    void listingHidesDotFilesAndEscapesNames() throws Exception {
        Files.delete(root.resolve("docs/index.html"));
        try {
            HttpResponse<String> listed = get(listing, "/docs/");
            assertThat(listed.body()).contains("a%20file%20%C3%BC.txt").contains("a file ü.txt");
            DemoFiles.write(root.resolve("empty/.secret"), "hidden");
            Files.createSymbolicLink(root.resolve("empty/dangling"), root.resolve("nowhere"));
            HttpResponse<String> empty = get(listing, "/empty/");
            assertThat(empty.statusCode()).isEqualTo(200);
            assertThat(empty.body()).contains("readme.txt").doesNotContain(".secret").doesNotContain("dangling");
        } finally {
            DemoFiles.write(root.resolve("docs/index.html"), "<html><body>docs</body></html>\n");
        }
    }

    @Test
    void percentEncodedNamesAreDecoded() throws Exception {
        HttpResponse<String> response = get("/docs/a%20file%20%C3%BC.txt");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("spaced\n");
    }

    @Test
    void missingFileGetsTheCustom404Page() throws Exception {
        HttpResponse<String> response = get("/nope.html");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("custom not found");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(get("/index.html/").statusCode()).as("a file with a trailing slash").isEqualTo(404);
    }

    @Test
    void headHasTheHeadersButNoBody() throws Exception {
        try (RawClient client = server.connect()) {
            RawResponse head = client.send("HEAD /style.css HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("22");
            RawResponse next = client.send("GET /digits.txt HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(next.bodyText()).as("no body bytes were sent after the HEAD").isEqualTo("0123456789abcdefghij");
        }
    }

    @Test
    void matchingEtagGives304() throws Exception {
        String etag = get("/style.css").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> notModified = get("/style.css", "If-None-Match", "\"other\", " + etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get("/style.css", "If-None-Match", "W/" + etag).statusCode()).as("weak comparison").isEqualTo(304);
        assertThat(get("/style.css", "If-None-Match", "*").statusCode()).isEqualTo(304);
        assertThat(get("/style.css", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void obsoleteDateFormatsAreUnderstoodInIfModifiedSince() throws Exception {
        Instant lastModified = DATES.parse(get("/data.json").headers().firstValue("Last-Modified").orElseThrow());
        java.time.ZonedDateTime utc = lastModified.atZone(java.time.ZoneOffset.UTC);
        String rfc850 = java.time.format.DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", java.util.Locale.US).format(utc);
        String asctime = java.time.format.DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", java.util.Locale.US).format(utc);
        assertThat(get("/data.json", "If-Modified-Since", rfc850).statusCode()).as(rfc850).isEqualTo(304);
        assertThat(get("/data.json", "If-Modified-Since", asctime).statusCode()).as(asctime).isEqualTo(304);
    }

    @Test
    void ifModifiedSinceGives304UntilTheFileChanges() throws Exception {
        String lastModified = get("/data.json").headers().firstValue("Last-Modified").orElseThrow();
        assertThat(get("/data.json", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        String earlier = HttpDate.format(DATES.parse(lastModified).minusSeconds(10));
        assertThat(get("/data.json", "If-Modified-Since", earlier).statusCode()).isEqualTo(200);
        assertThat(get("/data.json", "If-Modified-Since", "yesterday").statusCode()).as("a bad date is ignored").isEqualTo(200);
        String etag = get("/data.json").headers().firstValue("ETag").orElseThrow();
        assertThat(get("/data.json", "If-None-Match", "\"x\"", "If-Modified-Since", lastModified).statusCode())
                .as("If-None-Match wins over If-Modified-Since").isEqualTo(200);
        assertThat(etag).isNotBlank();
    }

    @Test
    void singleRangeGives206() throws Exception {
        HttpResponse<String> part = get("/digits.txt", "Range", "bytes=2-5");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("2345");
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 2-5/20");
        assertThat(get("/digits.txt", "Range", "bytes=15-").body()).isEqualTo("fghij");
        assertThat(get("/digits.txt", "Range", "bytes=-3").body()).isEqualTo("hij");
        assertThat(get("/digits.txt", "Range", "bytes=18-100").body()).isEqualTo("ij");
    }

    @Test
    void positionsOfMoreDigitsThanALongHoldsAreNumbersPastTheEndNotMalformedRanges() throws Exception {
        HttpResponse<String> toTheEnd = get("/digits.txt", "Range", "bytes=5-99999999999999999999999");
        assertThat(toTheEnd.statusCode()).isEqualTo(206);
        assertThat(toTheEnd.headers().firstValue("Content-Range")).hasValue("bytes 5-19/20");
        HttpResponse<String> lastMany = get("/digits.txt", "Range", "bytes=-99999999999999999999999");
        assertThat(lastMany.statusCode()).isEqualTo(206);
        assertThat(lastMany.headers().firstValue("Content-Range")).hasValue("bytes 0-19/20");
        HttpResponse<String> pastTheEnd = get("/digits.txt", "Range", "bytes=18446744073709551616-");
        assertThat(pastTheEnd.statusCode()).isEqualTo(416);
        assertThat(pastTheEnd.headers().firstValue("Content-Range")).hasValue("bytes */20");
        assertThat(get("/digits.txt", "Range", "bytes=99999999999999999999-5").statusCode()).as("last before first")
                .isEqualTo(200);
    }

    @Test
    void unsatisfiableRangeGives416AndOddRangesTheWholeFile() throws Exception {
        HttpResponse<String> none = get("/digits.txt", "Range", "bytes=20-30");
        assertThat(none.statusCode()).isEqualTo(416);
        assertThat(none.headers().firstValue("Content-Range")).hasValue("bytes */20");
        // Issue 12 made several ranges a multipart answer (below); more than 16 ranges still get the whole file.
        assertThat(get("/digits.txt", "Range", "bytes=" + "0-0,".repeat(16) + "1-1").statusCode()).as("17 ranges").isEqualTo(200);
        assertThat(get("/digits.txt", "Range", "lines=1-2").statusCode()).isEqualTo(200);
        assertThat(get("/digits.txt", "Range", "bytes=5-1").statusCode()).isEqualTo(200);
    }

    @Test
    void severalRangesGive206MultipartByteranges() throws Exception {
        HttpResponse<String> parts = get("/digits.txt", "Range", "bytes=0-1, 15-");
        assertThat(parts.statusCode()).isEqualTo(206);
        String type = parts.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        String boundary = type.substring(type.indexOf('=') + 1);
        assertThat(parts.headers().firstValue("Content-Range")).isEmpty();
        assertThat(parts.body()).isEqualTo("--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Range: bytes 0-1/20\r\n\r\n01\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Range: bytes 15-19/20\r\n\r\nfghij\r\n--" + boundary + "--\r\n");
        assertThat(parts.headers().firstValue("Content-Length")).hasValue(String.valueOf(parts.body().length()));

        HttpResponse<String> merged = get("/digits.txt", "Range", "bytes=4-6,0-2,2-3");
        assertThat(merged.statusCode()).as("overlapping and touching ranges are merged into one").isEqualTo(206);
        assertThat(merged.headers().firstValue("Content-Range")).hasValue("bytes 0-6/20");
        assertThat(merged.body()).isEqualTo("0123456");

        HttpResponse<String> oneSatisfiable = get("/digits.txt", "Range", "bytes=3-3,50-60");
        assertThat(oneSatisfiable.headers().firstValue("Content-Range")).hasValue("bytes 3-3/20");
        assertThat(get("/digits.txt", "Range", "bytes=30-31,50-60").statusCode()).isEqualTo(416);
    }

    @Test
    void ifRangeServesThePartOnlyWhileTheValidatorMatches() throws Exception {
        HttpResponse<String> full = get("/digits.txt");
        String etag = full.headers().firstValue("ETag").orElseThrow();
        String lastModified = full.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(get("/digits.txt", "Range", "bytes=0-1", "If-Range", etag).statusCode()).isEqualTo(206);
        assertThat(get("/digits.txt", "Range", "bytes=0-1", "If-Range", lastModified).statusCode()).isEqualTo(206);
        HttpResponse<String> stale = get("/digits.txt", "Range", "bytes=0-1", "If-Range", "\"stale\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).hasSize(20);
    }

    @Test
    void aLargeFileArrivesByteExact() throws Exception {
        Path big = root.resolve("large.bin");
        byte[] chunk = new byte[1 << 20];
        new Random(42).nextBytes(chunk);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 20; i++) {
                chunk[0] = (byte) i;
                out.write(chunk);
                expected.update(chunk);
            }
        }
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(server.url("/large.bin"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                actual.update(buffer, 0, n);
                total += n;
            }
        }
        assertThat(total).isEqualTo(20L << 20);
        assertThat(HexFormat.of().formatHex(actual.digest())).isEqualTo(HexFormat.of().formatHex(expected.digest()));
        HttpResponse<byte[]> tail = http.send(HttpRequest.newBuilder(URI.create(server.url("/large.bin")))
                .header("Range", "bytes=" + ((20L << 20) - 10) + "-").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).containsExactly(java.util.Arrays.copyOfRange(chunk, chunk.length - 10, chunk.length));
        HttpResponse<String> parts = http.send(HttpRequest.newBuilder(URI.create(server.url("/large.bin")))
                .header("Range", "bytes=0-3,-4").build(), HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(parts.statusCode()).as("several ranges of a file too large for the cache").isEqualTo(206);
        assertThat(parts.body()).contains("Content-Range: bytes 0-3/" + (20L << 20) + "\r\n\r\n"
                + new String(new byte[] {0, chunk[1], chunk[2], chunk[3]}, java.nio.charset.StandardCharsets.ISO_8859_1) + "\r\n")
                .contains("Content-Range: bytes " + ((20L << 20) - 4) + "-" + ((20L << 20) - 1) + "/" + (20L << 20) + "\r\n\r\n"
                        + new String(chunk, chunk.length - 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1) + "\r\n");
    }

    @Test
    void aCachedFileChangedOnDiskIsServedNew() throws Exception {
        Path file = root.resolve("changing.txt");
        Files.writeString(file, "first version");
        assertThat(get("/changing.txt").body()).isEqualTo("first version");
        assertThat(get("/changing.txt").body()).isEqualTo("first version");
        Files.writeString(file, "second");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(get("/changing.txt").body()).isEqualTo("second");
        Files.writeString(file, "third!");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(get("/changing.txt").body()).as("same size, newer time").isEqualTo("third!");
    }

    @Test
    void aFileTooLargeForTheCacheServedBeforeIsThenAnsweredAsItIsOnDiskNow() throws Exception {
        Path file = root.resolve("large-changing.txt");
        Files.writeString(file, "x".repeat(100 * 1024)); // over the test cache's 64 KiB: opened on every request
        assertThat(get("/large-changing.txt").body()).hasSize(100 * 1024);
        assertThat(get("/large-changing.txt").body()).hasSize(100 * 1024);
        Files.writeString(file, "y".repeat(90 * 1024));
        assertThat(get("/large-changing.txt").body()).as("a new version").isEqualTo("y".repeat(90 * 1024));
        Files.delete(file);
        assertThat(get("/large-changing.txt").statusCode()).as("deleted since").isEqualTo(404);
        Files.createDirectory(file);
        assertThat(get("/large-changing.txt").statusCode()).as("a folder now").isEqualTo(301);
        Files.delete(file);
    }

    @Test
    void statusHandlerAnswersJsonUnderItsPrefix() throws Exception {
        HttpResponse<String> status = get(listing, "/api/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(status.body()).matches("\\{\"uptimeSeconds\":\\d+,\"connections\":\\d+,\"requests\":\\d+}\\n");
        assertThat(get(listing, "/api/status/other").statusCode()).isEqualTo(404);
        assertThat(get(listing, "/api/statusx").statusCode()).as("not under the prefix: a static file").isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(listing.url("/api/status")))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
