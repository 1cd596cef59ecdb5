package dev.netservices.web.http2;

import static dev.netservices.web.support.H2Wire.END_HEADERS;
import static dev.netservices.web.support.H2Wire.END_STREAM;
import static dev.netservices.web.support.H2Wire.HEADERS;
import static dev.netservices.web.support.H2Wire.RST_STREAM;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.tools.RequiredTool;
import dev.netservices.web.reactor.Http2Support;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.H2Wire;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;

/**
 * A request over HTTP/2 is held to the limits HTTP/1.1's is held to, with the same answers: a request line past
 * {@code web.max-request-line} is a 414, header fields past {@code web.max-header-size} or more of them than
 * {@code web.max-header-count} a 431, two content-lengths refused. Over HTTP/2 the connection goes on after the
 * refusal, its HPACK table in step with the client's; curl's own requests show both protocols answered alike.
 */
class Http2LimitsTest {

    @TempDir
    Path root;
    TestWebServer server;

    @BeforeEach
    void start() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.startHttp2(root, TestLimits.DEFAULTS, null,
                new Http2Support(Http2Options.of(TestLimits.DEFAULTS), Http2Listener.NONE));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Answer(int status, String body) {
    }

    /** curl's request over HTTP/1.1 and over HTTP/2 (prior knowledge), with {@code extra} arguments. */
    private List<Answer> curlBoth(String path, String... extra) throws Exception {
        List<Answer> answers = new ArrayList<>();
        for (String protocol : List.of("--http1.1", "--http2-prior-knowledge")) {
            List<String> command = new ArrayList<>(List.of(RequiredTool.onPath("curl", "curl").toString(), "-sS",
                    protocol, "-w", "\n%{http_code} %{http_version}"));
            command.addAll(List.of(extra));
            command.add(server.url(path));
            Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(curl.exitValue()).as(out).isZero();
            String[] lastLine = out.substring(out.lastIndexOf('\n') + 1).split(" ");
            assertThat(lastLine[1]).as("the protocol curl used").isEqualTo(protocol.equals("--http1.1") ? "1.1" : "2");
            answers.add(new Answer(Integer.parseInt(lastLine[0]), out.substring(0, out.lastIndexOf('\n'))));
        }
        return answers;
    }

    @Test
    void aPathPastTheRequestLineLimitIs414OverBothProtocols() throws Exception {
        // 9 KB of path: within the 16 KiB header list, past the 8 KiB request line
        List<Answer> answers = curlBoth("/" + "a".repeat(9000));
        assertThat(answers).extracting(Answer::status).containsExactly(414, 414);
        assertThat(answers.get(1).body()).isEqualTo(answers.get(0).body()).contains("request line longer than 8192 bytes");
        assertThat(server.exchanges(2)).extracting(e -> e.status() + (e.http2() ? " h2" : " h1"))
                .containsExactlyInAnyOrder("414 h1", "414 h2");
    }

    @Test
    void aHeaderPastTheHeaderSizeLimitIs431OverBothProtocols() throws Exception {
        // 20 KB decoded, about 12.5 KB as curl's HPACK sends it (Huffman: 5 bits an 'a')
        List<Answer> answers = curlBoth("/index.html", "-H", "X-Big: " + "a".repeat(20_000));
        assertThat(answers).extracting(Answer::status).containsExactly(431, 431);
        assertThat(answers.get(1).body()).contains("header fields longer than 16384 bytes");
    }

    @Test
    void aHeaderWhoseEncodingAlonePassesTheLimitIs431TooNotTheConnectionsEnd() throws Exception {
        // 30 KB decoded, about 18.75 KB as curl's HPACK sends it: the block alone was past 16 KiB and the connection
        // ended (GOAWAY ENHANCE_YOUR_CALM), where HTTP/1.1 answered 431; a browser showed a protocol error
        List<Answer> answers = curlBoth("/index.html", "-H", "X-Big: " + "a".repeat(30_000));
        assertThat(answers).extracting(Answer::status).containsExactly(431, 431);
        assertThat(answers.get(1).body()).isEqualTo(answers.get(0).body()).contains("header fields longer than 16384 bytes");
    }

    @Test
    void moreHeaderFieldsThanTheCountLimitIs431OverBothProtocols() throws Exception {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            headers.add("-H");
            headers.add("X-Field-" + i + ": " + i);
        }
        // with Host (from :authority over HTTP/2), User-Agent and Accept: more than 100
        List<Answer> answers = curlBoth("/index.html", headers.toArray(String[]::new));
        assertThat(answers).extracting(Answer::status).containsExactly(431, 431);
        assertThat(answers.get(1).body()).isEqualTo(answers.get(0).body()).contains("more than 100 header fields");
        assertThat(curlBoth("/index.html", "-H", "X-One: 1")).extracting(Answer::status).containsExactly(200, 200);
    }

    /**
     * A block whose list passes the limit through the client's own dynamic table entry: answered 431, decoded to its
     * end all the same, so the entry it adds after the limit is the one the next request names by index.
     */
    @Test
    void afterA431TheConnectionGoesOnWithItsHpackTableInStep() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port())) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.write(wire.block("GET", "/index.html"));
            first.write(new byte[] {0x40, 0x05}); // a literal with incremental indexing, a new name of 5 bytes
            first.write("x-big".getBytes(StandardCharsets.US_ASCII));
            first.write(new byte[] {0x7f, (byte) 0xb9, 0x16}); // a value of 127 + 0x39 + (0x16 << 7) = 3000 bytes
            first.write("b".repeat(3000).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 5; i++) {
                first.write(0xbe); // index 62, the newest entry: x-big again, 6 x 3037 bytes in all, past 16384
            }
            first.write(0x44); // with incremental indexing, the name of static entry 4 (:path), past the limit
            first.write(10);
            first.write("/style.css".getBytes(StandardCharsets.US_ASCII));
            wire.frame(HEADERS, END_STREAM | END_HEADERS, 1, first.toByteArray());
            H2Wire.Response refused = wire.response(1);
            assertThat(refused.status()).isEqualTo(431);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("header fields longer than 16384 bytes");

            // :method GET, :scheme http, then index 62, which only a decoder that read the refused block to its end
            // knows as ":path /style.css", and :authority
            ByteArrayOutputStream second = new ByteArrayOutputStream();
            second.write(new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0xbe, 0x01, 9});
            second.write("localhost".getBytes(StandardCharsets.US_ASCII));
            wire.frame(HEADERS, END_STREAM | END_HEADERS, 3, second.toByteArray());
            H2Wire.Response served = wire.response(3);
            assertThat(served.status()).isEqualTo(200);
            assertThat(new String(served.body(), StandardCharsets.UTF_8)).isEqualTo("body { color: #123; }\n");
        }
        assertThat(server.exchanges(2)).extracting(e -> e.requestLine() + " " + e.status())
                .containsExactly("GET /index.html HTTP/2.0 431", "GET /style.css HTTP/2.0 200");
    }

    @Test
    void twoContentLengthsOrAHostOtherThanTheAuthorityAreMalformed() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port())) {
            wire.frame(HEADERS, END_STREAM | END_HEADERS, 1,
                    wire.block("GET", "/index.html", "content-length", "0", "content-length", "0"));
            wire.frame(HEADERS, END_STREAM | END_HEADERS, 3, wire.block("GET", "/index.html", "host", "elsewhere"));
            for (int stream : new int[] {1, 3}) {
                H2Wire.Frame reset = wire.readUntil(f -> f.type() == RST_STREAM && f.stream() == stream);
                assertThat(reset.errorCode()).as("stream %d", stream).isEqualTo(ErrorCode.PROTOCOL_ERROR.code());
            }
            wire.frame(HEADERS, END_STREAM | END_HEADERS, 5, wire.block("GET", "/index.html", "host", "LocalHost"));
            assertThat(wire.response(5).status()).as("the same host, in other case").isEqualTo(200);
        }
    }
}
