package dev.netservices.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.netservices.web.support.TestLimits;

class RequestParserTest {

    private final RequestParser parser = new RequestParser(TestLimits.DEFAULTS);

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private List<ParseResult> parseAll(ByteBuffer in) {
        List<ParseResult> results = new ArrayList<>();
        while (in.hasRemaining()) {
            ParseResult result = parser.parse(in);
            if (!(result instanceof ParseResult.NeedMore)) {
                results.add(result);
            }
            if (result instanceof ParseResult.Rejected) {
                break;
            }
        }
        return results;
    }

    @Test
    void aRequestSplitAtEveryPossibleByteParsesTheSame() {
        String text = "GET /a/b?q=1 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nContent-Length: 3\r\n\r\nabc";
        for (int split = 1; split < text.length(); split++) {
            RequestParser fresh = new RequestParser(TestLimits.DEFAULTS);
            assertThat(fresh.parse(bytes(text.substring(0, split)))).as("split at %d", split)
                    .isInstanceOf(ParseResult.NeedMore.class);
            ParseResult result = fresh.parse(bytes(text.substring(split)));
            assertThat(result).as("split at %d", split).isInstanceOf(ParseResult.Parsed.class);
            Request request = ((ParseResult.Parsed) result).request();
            assertThat(request.target()).isEqualTo("/a/b?q=1");
            assertThat(request.header("accept")).isEqualTo("*/*");
        }
    }

    @Test
    void pipelinedRequestsInOneBufferComeOutOneByOneInOrder() {
        ByteBuffer in = bytes("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nHEAD /2 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /3 HTTP/1.0\r\n\r\n");
        List<ParseResult> results = parseAll(in);
        assertThat(results).hasSize(3).allMatch(r -> r instanceof ParseResult.Parsed);
        assertThat(results.stream().map(r -> ((ParseResult.Parsed) r).request().target()))
                .containsExactly("/1", "/2", "/3");
        assertThat(((ParseResult.Parsed) results.get(2)).request().version()).isEqualTo(HttpVersion.HTTP_1_0);
    }

    @Test
    void chunkedBodyIsDiscardedAndTheNextRequestFollows() {
        ByteBuffer in = bytes("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n0\r\nTrailer: t\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n");
        List<ParseResult> results = parseAll(in);
        assertThat(results).hasSize(2);
        assertThat(((ParseResult.Parsed) results.get(1)).request().target()).isEqualTo("/next");
    }

    @Test
    void wellFormedHostsAndChunkExtensionsAreAccepted() {
        for (String host : new String[] {"x", "example.com:8080", "127.0.0.1", "[::1]:80", "a-b.c_d~e", "x:", "%41b"}) {
            assertThat(new RequestParser(TestLimits.DEFAULTS).parse(bytes("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n")))
                    .as(host).isInstanceOf(ParseResult.Parsed.class);
        }
        assertThat(new RequestParser(TestLimits.DEFAULTS).parse(bytes("GET http://x/ HTTP/1.1\r\nHost:\r\n\r\n")))
                .as("an empty Host is allowed beside an absolute-form target").isInstanceOf(ParseResult.Parsed.class);
        String chunked = "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5 ; a=1 ; b=\"q \\\" s\";c\r\nhello\r\n0\r\n\r\n";
        assertThat(new RequestParser(TestLimits.DEFAULTS).parse(bytes(chunked))).isInstanceOf(ParseResult.Parsed.class);
    }

    @Test
    void bareLineFeedsAreAcceptedForTypedRequests() {
        ParseResult result = parser.parse(bytes("GET / HTTP/1.1\nHost: x\n\n"));
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    }

    @Test
    void headerValuesAreTrimmedAndKeepObsText() {
        ParseResult result = parser.parse(bytes("GET / HTTP/1.1\r\nHost: x\r\nX-Name: \t caf\u00e9 \t\r\n\r\n"));
        assertThat(((ParseResult.Parsed) result).request().header("x-name")).isEqualTo("caf\u00e9");
    }

    @Test
    void limitsAreNamedInTheRejection() {
        String longLine = "GET /" + "a".repeat(9000) + " HTTP/1.1\r\n";
        ParseResult result = parser.parse(bytes(longLine));
        assertThat(result).isEqualTo(new ParseResult.Rejected(Status.URI_TOO_LONG,
                "request line longer than 8192 bytes", "-"));
    }

    @Test
    void keepAliveFollowsVersionAndConnectionHeader() {
        assertThat(request("GET / HTTP/1.1\r\nHost: x\r\n\r\n").keepAlive()).isTrue();
        assertThat(request("GET / HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\n").keepAlive()).isFalse();
        assertThat(request("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(request("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive()).isTrue();
    }

    @Test
    void absoluteFormTargetsGiveTheirPath() {
        Request request = request("GET http://example.com/a/b?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertThat(request.rawPath()).isEqualTo("/a/b");
        assertThat(request.rawQuery()).isEqualTo("?x=1");
    }

    private static Request request(String text) {
        return ((ParseResult.Parsed) new RequestParser(TestLimits.DEFAULTS).parse(bytes(text))).request();
    }
}
