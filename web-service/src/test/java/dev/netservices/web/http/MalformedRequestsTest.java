package dev.netservices.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient.RawResponse;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.TestWebServer;

/** A corpus of broken requests over real sockets: each gets its own error status, none a 2xx, and the server lives on. */
class MalformedRequestsTest {

    @TempDir
    static Path root;
    static TestWebServer server;

    @BeforeAll
    static void start() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.start(root);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> corpus() {
        String h = "Host: x\r\n";
        return Stream.of(
                bad(400, "no Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n"),
                bad(400, "two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                bad(400, "space before colon", "GET / HTTP/1.1\r\n" + h + "Accept : */*\r\n\r\n"),
                bad(400, "tab before colon", "GET / HTTP/1.1\r\n" + h + "Accept\t: */*\r\n\r\n"),
                bad(400, "obs-fold", "GET / HTTP/1.1\r\n" + h + "X-A: one\r\n two\r\n\r\n"),
                bad(400, "obs-fold with tab", "GET / HTTP/1.1\r\n" + h + "X-A: one\r\n\ttwo\r\n\r\n"),
                bad(400, "whitespace before the first header", "GET / HTTP/1.1\r\n " + h + "\r\n"),
                bad(400, "bare CR in a header", "GET / HTTP/1.1\r\n" + h + "X-A: a\rb\r\n\r\n"),
                bad(400, "bare CR in the request line", "GET /\r HTTP/1.1\r\n" + h + "\r\n"),
                bad(400, "NUL in a header value", "GET / HTTP/1.1\r\n" + h + "X-A: a\u0000b\r\n\r\n"),
                bad(400, "DEL in a header value", "GET / HTTP/1.1\r\n" + h + "X-A: a\u007fb\r\n\r\n"),
                bad(400, "control char in a header value", "GET / HTTP/1.1\r\n" + h + "X-A: a\u0001b\r\n\r\n"),
                bad(400, "header without colon", "GET / HTTP/1.1\r\n" + h + "NoColonHere\r\n\r\n"),
                bad(400, "empty header name", "GET / HTTP/1.1\r\n" + h + ": value\r\n\r\n"),
                bad(400, "invalid char in header name", "GET / HTTP/1.1\r\n" + h + "X(A): v\r\n\r\n"),
                bad(400, "non-ASCII header name", "GET / HTTP/1.1\r\n" + h + "X-\u00e9: v\r\n\r\n"),
                bad(400, "duplicate Content-Length", "POST / HTTP/1.1\r\n" + h + "Content-Length: 1\r\nContent-Length: 1\r\n\r\nab"),
                bad(400, "conflicting Content-Length", "POST / HTTP/1.1\r\n" + h + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
                bad(400, "Content-Length list", "POST / HTTP/1.1\r\n" + h + "Content-Length: 1, 1\r\n\r\na"),
                bad(400, "negative Content-Length", "POST / HTTP/1.1\r\n" + h + "Content-Length: -1\r\n\r\n"),
                bad(400, "Content-Length with a plus", "POST / HTTP/1.1\r\n" + h + "Content-Length: +1\r\n\r\na"),
                bad(400, "non-numeric Content-Length", "POST / HTTP/1.1\r\n" + h + "Content-Length: abc\r\n\r\n"),
                bad(400, "Content-Length with Transfer-Encoding", "POST / HTTP/1.1\r\n" + h
                        + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                // RFC 9112 6.3: a final coding other than chunked leaves the body length unknown: 400 and close.
                bad(400, "unknown transfer coding", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: gzip\r\n\r\n"),
                bad(501, "two transfer codings", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: gzip, chunked\r\n\r\n"),
                bad(400, "malformed chunk size", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\nzz\r\n"),
                bad(400, "empty Transfer-Encoding", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding:\r\n\r\n"),
                bad(400, "whitespace-only Transfer-Encoding", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: \r\n\r\n"),
                bad(400, "Transfer-Encoding of only commas", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: ,\r\n\r\n"),
                bad(400, "whitespace after the chunk size", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n"),
                bad(400, "tab after the chunk size", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n5\t\r\nhello\r\n0\r\n\r\n"),
                bad(400, "whitespace after a chunk extension", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n5;a=b \r\nhello\r\n0\r\n\r\n"),
                bad(400, "chunk longer than its size", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n"),
                bad(400, "Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad(400, "lowercase version", "GET / http/1.1\r\n" + h + "\r\n"),
                bad(400, "garbage version", "GET / HTTX/1.1\r\n" + h + "\r\n"),
                bad(400, "missing version", "GET /\r\n" + h + "\r\n"),
                bad(400, "two spaces in the request line", "GET  / HTTP/1.1\r\n" + h + "\r\n"),
                bad(400, "trailing space in the request line", "GET / HTTP/1.1 \r\n" + h + "\r\n"),
                bad(400, "tab as separator", "GET\t/ HTTP/1.1\r\n" + h + "\r\n"),
                bad(400, "relative target", "GET index.html HTTP/1.1\r\n" + h + "\r\n"),
                bad(400, "fragment in target", "GET /#x HTTP/1.1\r\n" + h + "\r\n"),
                bad(400, "non-ASCII in target", "GET /\u00e9 HTTP/1.1\r\n" + h + "\r\n"),
                bad(400, "control char in target", "GET /\u0001 HTTP/1.1\r\n" + h + "\r\n"),
                bad(400, "invalid char in method", "G(T / HTTP/1.1\r\n" + h + "\r\n"),
                bad(400, "binary garbage", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u00fc\u0003\u0003\r\n\r\n"),
                bad(400, "only spaces", "   \r\n\r\n"),
                bad(400, "too many empty lines", "\r\n\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\n" + h + "\r\n"),
                bad(400, "malformed percent-encoding", "GET /%zz HTTP/1.1\r\n" + h + "\r\n"),
                bad(400, "percent-encoding cut short", "GET /abc% HTTP/1.1\r\n" + h + "\r\n"),
                bad(400, "encoded invalid UTF-8", "GET /%c3%28 HTTP/1.1\r\n" + h + "\r\n"),
                bad(400, "asterisk target with GET", "GET * HTTP/1.1\r\n" + h + "\r\n"),
                bad(505, "HTTP/2.0", "GET / HTTP/2.0\r\n" + h + "\r\n"),
                bad(505, "HTTP/0.9 style version", "GET / HTTP/0.9\r\n" + h + "\r\n"),
                bad(505, "HTTP/1.2", "GET / HTTP/1.2\r\n" + h + "\r\n"),
                bad(501, "unknown method", "BREW / HTTP/1.1\r\n" + h + "\r\n"),
                bad(501, "lowercase method", "get / HTTP/1.1\r\n" + h + "\r\n"),
                bad(405, "POST to a file", "POST /index.html HTTP/1.1\r\n" + h + "Content-Length: 0\r\n\r\n"),
                bad(405, "DELETE", "DELETE /index.html HTTP/1.1\r\n" + h + "\r\n"),
                bad(405, "OPTIONS *", "OPTIONS * HTTP/1.1\r\n" + h + "\r\n"),
                bad(414, "request line over 8 KiB", "GET /" + "a".repeat(8200) + " HTTP/1.1\r\n" + h + "\r\n"),
                bad(431, "one header over 16 KiB", "GET / HTTP/1.1\r\n" + h + "X-Big: " + "b".repeat(17_000) + "\r\n\r\n"),
                bad(431, "headers over 16 KiB together", "GET / HTTP/1.1\r\n" + h
                        + "X-A: a\r\n".repeat(90).replace("X-A", "X-Big-Header-Name-Long-Enough-To-Add-Up") + "X-C: " + "c".repeat(14_000) + "\r\n\r\n"),
                bad(431, "too many headers", "GET / HTTP/1.1\r\n" + h + "X-A: a\r\n".repeat(101) + "\r\n"),
                bad(413, "body over the discard limit", "POST / HTTP/1.1\r\n" + h + "Content-Length: 2000000\r\n\r\n"),
                bad(413, "chunked body over the discard limit", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: chunked\r\n\r\nFFFFFF\r\n"),
                // Issue 12 section 2: each request-syntax MUST of RFC 9112 / 9110 that the cases above did not hold.
                bad(400, "Host with userinfo", "GET / HTTP/1.1\r\nHost: user@x\r\n\r\n"),
                bad(400, "Host with a path", "GET / HTTP/1.1\r\nHost: x/y\r\n\r\n"),
                bad(400, "empty Host on an origin-form request", "GET / HTTP/1.1\r\nHost: \r\n\r\n"),
                bad(400, "Host with a non-numeric port", "GET / HTTP/1.1\r\nHost: x:8o\r\n\r\n"),
                bad(400, "Host with two colons", "GET / HTTP/1.1\r\nHost: x:80:80\r\n\r\n"),
                bad(400, "Host IPv6 literal unclosed", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n"),
                bad(400, "Host with a space inside", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"),
                bad(400, "two Host lines, one empty", "GET / HTTP/1.1\r\nHost: x\r\nHost:\r\n\r\n"),
                bad(400, "version without minor digit", "GET / HTTP/1\r\n" + h + "\r\n"),
                bad(400, "version with two-digit minor", "GET / HTTP/1.10\r\n" + h + "\r\n"),
                bad(400, "version with leading zero", "GET / HTTP/01.1\r\n" + h + "\r\n"),
                bad(400, "version with trailing garbage", "GET / HTTP/1.1x\r\n" + h + "\r\n"),
                bad(400, "final coding not chunked", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked, gzip\r\n\r\n"),
                bad(400, "chunked applied twice", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked, chunked\r\n\r\n"),
                bad(400, "final coding not chunked across two lines", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n"),
                bad(501, "unknown coding before chunked across two lines", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"),
                bad(400, "chunk extension without a name", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: chunked\r\n\r\n5;\r\nhello\r\n0\r\n\r\n"),
                bad(400, "chunk extension name not a token", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: chunked\r\n\r\n5;a(b)\r\nhello\r\n0\r\n\r\n"),
                bad(400, "chunk extension value unterminated", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: chunked\r\n\r\n5;a=\"x\r\nhello\r\n0\r\n\r\n"),
                bad(400, "chunk extension with an empty value", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: chunked\r\n\r\n5;a=\r\nhello\r\n0\r\n\r\n"),
                bad(400, "bad chunk extension on a request refused anyway (405)", "POST /index.html HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: chunked\r\n\r\n5;\r\nhello\r\n0\r\n\r\n"),
                bad(400, "method over 8 KiB is a 400, not a 414", "G".repeat(9000) + " / HTTP/1.1\r\n" + h + "\r\n"),
                bad(400, "method of 40 bytes", "A".repeat(40) + " / HTTP/1.1\r\n" + h + "\r\n"));
    }

    private static Arguments bad(int status, String name, String request) {
        return Arguments.of(name, status, request);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("corpus")
    void malformedRequestGetsItsErrorStatusAndNeverA2xx(String name, int expected, String request) throws Exception {
        try (RawClient client = server.connect()) {
            client.send(request);
            RawResponse response = client.read();
            assertThat(response.status()).as(name).isEqualTo(expected).isGreaterThanOrEqualTo(300);
            assertThat(response.bodyText()).as("the error names the problem").isNotBlank();
            if (expected != 405) {
                assertThat(response.header("Connection")).as("a broken request closes the connection").isEqualTo("close");
                assertThat(client.closedByServer()).isTrue();
            } else {
                assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
            }
        }
    }

    @Test
    void serverStillServesAfterTheCorpus() throws Exception {
        for (Arguments arguments : corpus().toList()) {
            try (RawClient client = server.connect()) {
                client.send((String) arguments.get()[2]);
                client.read();
            }
        }
        try (RawClient client = server.connect()) {
            RawResponse response = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo(DemoFiles.INDEX);
        }
    }
}
