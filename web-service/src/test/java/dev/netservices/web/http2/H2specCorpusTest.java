package dev.netservices.web.http2;

import static dev.netservices.web.support.H2Wire.ACK;
import static dev.netservices.web.support.H2Wire.CONTINUATION;
import static dev.netservices.web.support.H2Wire.DATA;
import static dev.netservices.web.support.H2Wire.END_HEADERS;
import static dev.netservices.web.support.H2Wire.END_STREAM;
import static dev.netservices.web.support.H2Wire.GOAWAY;
import static dev.netservices.web.support.H2Wire.HEADERS;
import static dev.netservices.web.support.H2Wire.PADDED;
import static dev.netservices.web.support.H2Wire.PING;
import static dev.netservices.web.support.H2Wire.PRIORITY;
import static dev.netservices.web.support.H2Wire.PRIORITY_FLAG;
import static dev.netservices.web.support.H2Wire.RST_STREAM;
import static dev.netservices.web.support.H2Wire.SETTINGS;
import static dev.netservices.web.support.H2Wire.WINDOW_UPDATE;
import static dev.netservices.web.support.H2Wire.int32;
import static dev.netservices.web.support.H2Wire.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.web.reactor.Http2Support;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.H2Wire;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;

/**
 * h2spec's cases (generic, RFC 9113 and HPACK sections) re-expressed over real sockets, each named after the
 * section it checks. Each case sends its frames on a fresh connection and expects what RFC 9113 5.4 says: a
 * connection error (GOAWAY with the code, then the close), a stream error (RST_STREAM with the code, and the
 * connection still answers a PING), or a normal answer.
 */
class H2specCorpusTest {

    @TempDir
    static Path root;
    static TestWebServer server;

    @BeforeAll
    static void start() throws Exception {
        DemoFiles.create(root);
        Files.write(root.resolve("big.bin"), new byte[200_000]);
        server = TestWebServer.startHttp2(root, TestLimits.DEFAULTS, null,
                new Http2Support(Http2Options.of(TestLimits.DEFAULTS), Http2Listener.NONE));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    interface Steps {
        void send(H2Wire wire) throws Exception;
    }

    /** What the server must answer: a connection error, a stream error on stream 1, or a PING's ACK (all is well). */
    record Expect(ErrorCode connection, ErrorCode stream) {
    }

    static Expect connectionError(ErrorCode code) {
        return new Expect(code, null);
    }

    static Expect streamError(ErrorCode code) {
        return new Expect(null, code);
    }

    static final Expect FINE = new Expect(null, null);

    static Arguments h2(String section, Expect expect, Steps steps) {
        return Arguments.of(section, expect, steps);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** Opens stream 1 on /big.bin with a zero window: its response stays half-closed (remote), waiting. */
    static void stalled(H2Wire wire) throws Exception {
        wire.get(1, "/big.bin");
        wire.readUntil(f -> f.type() == HEADERS && f.stream() == 1);
    }

    static final byte[] ZERO_WINDOW = settings(0x4, 0);

    static Stream<Arguments> corpus() {
        return Stream.of(
                // --- generic / RFC 9113 section 3 and 4
                h2("http2/3.5/1 sends the client connection preface", FINE, w -> { }),
                h2("http2/4.1/1 a frame of unknown type is ignored", FINE, w -> w.frame(0x20, 0, 0, new byte[8])),
                h2("http2/4.1/2 undefined flags are ignored", FINE, w -> w.frame(PING, 0x16, 0, new byte[8])),
                h2("http2/4.1/3 the reserved bit of the stream id is ignored", FINE,
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1 | 0x80000000, w.block("GET", "/"))),
                h2("http2/4.2/1 a DATA frame of 2^14 octets is taken", FINE, w -> {
                    w.frame(HEADERS, END_HEADERS, 1, w.block("POST", "/index.html"));
                    w.frame(DATA, 0, 1, new byte[16_384]);
                }),
                h2("http2/4.2/2 a DATA frame over SETTINGS_MAX_FRAME_SIZE", connectionError(ErrorCode.FRAME_SIZE_ERROR), w -> {
                    w.frame(HEADERS, END_HEADERS, 1, w.block("POST", "/index.html"));
                    w.frame(DATA, 0, 1, new byte[16_385]);
                }),
                h2("http2/4.2/3 a HEADERS frame over SETTINGS_MAX_FRAME_SIZE", connectionError(ErrorCode.FRAME_SIZE_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, new byte[16_385])),
                h2("http2/4.3/1 an invalid header block fragment", connectionError(ErrorCode.COMPRESSION_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, hex("ff ff ff ff ff"))),
                h2("http2/4.3/2 a PRIORITY frame inside a header block", connectionError(ErrorCode.PROTOCOL_ERROR), w -> {
                    w.frame(HEADERS, END_STREAM, 1, w.block("GET", "/"));
                    w.frame(PRIORITY, 0, 1, hex("0000000010"));
                }),
                h2("http2/4.3/3 HEADERS of another stream inside a header block", connectionError(ErrorCode.PROTOCOL_ERROR), w -> {
                    w.frame(HEADERS, END_STREAM, 1, w.block("GET", "/"));
                    w.frame(HEADERS, END_STREAM | END_HEADERS, 3, w.block("GET", "/"));
                }),
                // --- 5.1 stream states
                h2("http2/5.1/1 idle: DATA", connectionError(ErrorCode.PROTOCOL_ERROR), w -> w.frame(DATA, 0, 1, new byte[1])),
                h2("http2/5.1/2 idle: RST_STREAM", connectionError(ErrorCode.PROTOCOL_ERROR), w -> w.frame(RST_STREAM, 0, 1, int32(8))),
                h2("http2/5.1/3 idle: WINDOW_UPDATE", connectionError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(WINDOW_UPDATE, 0, 1, int32(100))),
                h2("http2/5.1/4 idle: CONTINUATION", connectionError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(CONTINUATION, END_HEADERS, 1, w.block("GET", "/"))),
                h2("http2/5.1/5 half closed (remote): DATA", streamError(ErrorCode.STREAM_CLOSED), w -> {
                    w.frame(SETTINGS, 0, 0, ZERO_WINDOW);
                    stalled(w);
                    w.frame(DATA, 0, 1, new byte[1]);
                }),
                h2("http2/5.1/6 half closed (remote): HEADERS", connectionError(ErrorCode.STREAM_CLOSED), w -> {
                    w.frame(SETTINGS, 0, 0, ZERO_WINDOW);
                    stalled(w);
                    w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.block("GET", "/"));
                }),
                h2("http2/5.1/7 half closed (remote): CONTINUATION", connectionError(ErrorCode.PROTOCOL_ERROR), w -> {
                    w.frame(SETTINGS, 0, 0, ZERO_WINDOW);
                    stalled(w);
                    w.frame(CONTINUATION, END_HEADERS, 1, w.block("GET", "/"));
                }),
                h2("http2/5.1/8 closed: DATA after RST_STREAM", streamError(ErrorCode.STREAM_CLOSED), w -> {
                    w.frame(HEADERS, END_HEADERS, 1, w.block("POST", "/index.html"));
                    w.frame(RST_STREAM, 0, 1, int32(8));
                    w.frame(DATA, 0, 1, new byte[1]);
                }),
                h2("http2/5.1.1/1 an even stream id", connectionError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 2, w.block("GET", "/"))),
                h2("http2/5.1.1/2 a stream id lower than one already opened", connectionError(ErrorCode.PROTOCOL_ERROR), w -> {
                    w.get(5, "/");
                    w.get(3, "/");
                }),
                h2("http2/5.3.1/1 HEADERS depending on its own stream", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS | PRIORITY_FLAG, 1,
                                concat(hex("0000000110"), w.block("GET", "/")))),
                h2("http2/5.3.1/2 PRIORITY depending on its own stream", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(PRIORITY, 0, 1, hex("0000000110"))),
                h2("http2/5.5/2 an unknown frame inside a header block", connectionError(ErrorCode.PROTOCOL_ERROR), w -> {
                    w.frame(HEADERS, END_STREAM, 1, w.block("GET", "/"));
                    w.frame(0x20, 0, 1, new byte[4]);
                }),
                // --- 6 frame definitions
                h2("http2/6.1/1 DATA on stream 0", connectionError(ErrorCode.PROTOCOL_ERROR), w -> w.frame(DATA, 0, 0, new byte[1])),
                h2("http2/6.1/3 DATA with a pad length past its end", connectionError(ErrorCode.PROTOCOL_ERROR), w -> {
                    w.frame(HEADERS, END_HEADERS, 1, w.block("POST", "/index.html"));
                    w.frame(DATA, PADDED, 1, hex("06 00 00 00"));
                }),
                h2("http2/6.2/2 HEADERS on stream 0", connectionError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 0, w.block("GET", "/"))),
                h2("http2/6.2/3 HEADERS with a pad length past its end", connectionError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS | PADDED, 1, concat(new byte[] {(byte) 200},
                                w.block("GET", "/")))),
                h2("http2/6.3/1 PRIORITY on stream 0", connectionError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(PRIORITY, 0, 0, hex("0000000110"))),
                h2("http2/6.3/2 PRIORITY of 4 octets", streamError(ErrorCode.FRAME_SIZE_ERROR),
                        w -> w.frame(PRIORITY, 0, 1, hex("00000001"))),
                h2("http2/6.4/1 RST_STREAM on stream 0", connectionError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(RST_STREAM, 0, 0, int32(8))),
                h2("http2/6.4/3 RST_STREAM of 3 octets", connectionError(ErrorCode.FRAME_SIZE_ERROR), w -> {
                    w.get(1, "/");
                    w.frame(RST_STREAM, 0, 1, new byte[3]);
                }),
                h2("http2/6.5/1 SETTINGS ACK with a payload", connectionError(ErrorCode.FRAME_SIZE_ERROR),
                        w -> w.frame(SETTINGS, ACK, 0, new byte[6])),
                h2("http2/6.5/2 SETTINGS on a stream", connectionError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(SETTINGS, 0, 1, new byte[0])),
                h2("http2/6.5/3 SETTINGS of a length not a multiple of 6", connectionError(ErrorCode.FRAME_SIZE_ERROR),
                        w -> w.frame(SETTINGS, 0, 0, new byte[3])),
                h2("http2/6.5.2/1 SETTINGS_ENABLE_PUSH of 2", connectionError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(SETTINGS, 0, 0, settings(0x2, 2))),
                h2("http2/6.5.2/2 SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1", connectionError(ErrorCode.FLOW_CONTROL_ERROR),
                        w -> w.frame(SETTINGS, 0, 0, settings(0x4, 0x80000000))),
                h2("http2/6.5.2/3 SETTINGS_MAX_FRAME_SIZE below 16384", connectionError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(SETTINGS, 0, 0, settings(0x5, 16_383))),
                h2("http2/6.5.2/4 SETTINGS_MAX_FRAME_SIZE above 2^24-1", connectionError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(SETTINGS, 0, 0, settings(0x5, 16_777_216))),
                h2("http2/6.5.2/5 an unknown setting is ignored", FINE, w -> w.frame(SETTINGS, 0, 0, settings(0xff, 1))),
                h2("http2/6.7/2 a PING ACK is not answered", FINE, w -> w.frame(PING, ACK, 0, new byte[8])),
                h2("http2/6.7/3 PING on a stream", connectionError(ErrorCode.PROTOCOL_ERROR), w -> w.frame(PING, 0, 1, new byte[8])),
                h2("http2/6.7/4 PING of 7 octets", connectionError(ErrorCode.FRAME_SIZE_ERROR), w -> w.frame(PING, 0, 0, new byte[7])),
                h2("http2/6.8/1 GOAWAY on a stream", connectionError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(GOAWAY, 0, 1, new byte[8])),
                h2("http2/6.9/1 WINDOW_UPDATE of 0 on the connection", connectionError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(WINDOW_UPDATE, 0, 0, int32(0))),
                h2("http2/6.9/2 WINDOW_UPDATE of 0 on a stream", streamError(ErrorCode.PROTOCOL_ERROR), w -> {
                    w.frame(SETTINGS, 0, 0, ZERO_WINDOW);
                    stalled(w);
                    w.frame(WINDOW_UPDATE, 0, 1, int32(0));
                }),
                h2("http2/6.9/3 WINDOW_UPDATE of 3 octets", connectionError(ErrorCode.FRAME_SIZE_ERROR),
                        w -> w.frame(WINDOW_UPDATE, 0, 0, new byte[3])),
                h2("http2/6.9.1/2 the connection window past 2^31-1", connectionError(ErrorCode.FLOW_CONTROL_ERROR), w -> {
                    w.frame(WINDOW_UPDATE, 0, 0, int32(0x7fffffff));
                }),
                h2("http2/6.9.1/3 a stream window past 2^31-1", streamError(ErrorCode.FLOW_CONTROL_ERROR), w -> {
                    w.frame(SETTINGS, 0, 0, ZERO_WINDOW);
                    stalled(w);
                    w.frame(WINDOW_UPDATE, 0, 1, int32(0x7fffffff));
                    w.frame(WINDOW_UPDATE, 0, 1, int32(0x7fffffff));
                }),
                h2("http2/6.9.2/3 SETTINGS_INITIAL_WINDOW_SIZE pushing a stream window past 2^31-1",
                        connectionError(ErrorCode.FLOW_CONTROL_ERROR), w -> {
                            w.frame(SETTINGS, 0, 0, ZERO_WINDOW);
                            stalled(w);
                            // in one write: no DATA can leave between the two
                            w.raw(concat(H2Wire.bytes(WINDOW_UPDATE, 0, 1, int32(0x7fffffff)),
                                    H2Wire.bytes(SETTINGS, 0, 0, settings(0x4, 1))));
                        }),
                h2("http2/6.10/1 CONTINUATION after END_HEADERS", connectionError(ErrorCode.PROTOCOL_ERROR), w -> {
                    w.frame(HEADERS, END_HEADERS, 1, w.block("POST", "/index.html"));
                    w.frame(CONTINUATION, END_HEADERS, 1, w.block("GET", "/"));
                }),
                h2("http2/6.10/2 CONTINUATION on another stream", connectionError(ErrorCode.PROTOCOL_ERROR), w -> {
                    w.frame(HEADERS, END_STREAM, 1, w.block("GET", "/"));
                    w.frame(CONTINUATION, END_HEADERS, 3, new byte[0]);
                }),
                // --- 8 HTTP message exchanges (RFC 9113 8.1.1, 8.2, 8.3): malformed requests are stream errors
                h2("http2/8.1/1 content-length and DATA disagree", streamError(ErrorCode.PROTOCOL_ERROR), w -> {
                    w.frame(HEADERS, END_HEADERS, 1, w.block("POST", "/index.html", "content-length", "10"));
                    w.frame(DATA, END_STREAM, 1, new byte[5]);
                }),
                h2("http2/8.1/2 trailers with a pseudo-header", streamError(ErrorCode.PROTOCOL_ERROR), w -> {
                    w.frame(HEADERS, END_HEADERS, 1, w.block("POST", "/index.html"));
                    w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.blockOf(":method", "GET"));
                }),
                h2("http2/8.2/1 an uppercase field name", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.block("GET", "/", "X-Upper", "a"))),
                h2("http2/8.2.1/1 a field value with a leading space", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.block("GET", "/", "x-a", " a"))),
                h2("http2/8.2.2/1 a connection-specific field", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.block("GET", "/", "connection", "keep-alive"))),
                h2("http2/8.2.2/2 te other than trailers", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.block("GET", "/", "te", "gzip"))),
                h2("http2/8.3/1 an unknown pseudo-header", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.block("GET", "/", ":foo", "x"))),
                h2("http2/8.3/2 a response pseudo-header in a request", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.block("GET", "/", ":status", "200"))),
                h2("http2/8.3/3 a pseudo-header after a regular field", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.blockOf(":method", "GET", ":scheme",
                                "http", "x-a", "a", ":path", "/"))),
                h2("http2/8.3.1/1 no :method", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.blockOf(":scheme", "http", ":path", "/"))),
                h2("http2/8.3.1/2 no :scheme", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.blockOf(":method", "GET", ":path", "/"))),
                h2("http2/8.3.1/3 no :path", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.blockOf(":method", "GET", ":scheme", "http"))),
                h2("http2/8.3.1/4 an empty :path", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.blockOf(":method", "GET", ":scheme", "http",
                                ":path", ""))),
                h2("http2/8.3.1/5 a repeated :method", streamError(ErrorCode.PROTOCOL_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, w.blockOf(":method", "GET", ":method", "GET",
                                ":scheme", "http", ":path", "/"))),
                // --- HPACK (RFC 7541)
                h2("hpack/2.3.3/1 an index beyond the tables", connectionError(ErrorCode.COMPRESSION_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, hex("82 86 84 ff 7f"))),
                h2("hpack/4.2/1 a table size update past SETTINGS_HEADER_TABLE_SIZE", connectionError(ErrorCode.COMPRESSION_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, concat(hex("3fe1 3f"), w.block("GET", "/")))),
                h2("hpack/5.2/1 a Huffman string containing EOS", connectionError(ErrorCode.COMPRESSION_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, hex("82 86 84 41 84 ff ff ff ff"))),
                h2("hpack/5.2/2 Huffman padding longer than 7 bits", connectionError(ErrorCode.COMPRESSION_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, hex("82 86 84 41 82 1f ff"))),
                h2("hpack/5.2/3 Huffman padding that is not EOS", connectionError(ErrorCode.COMPRESSION_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, hex("82 86 84 41 81 18"))),
                h2("hpack/6.1/1 index 0", connectionError(ErrorCode.COMPRESSION_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, hex("80"))),
                h2("hpack/6.3/1 a table size update after a field", connectionError(ErrorCode.COMPRESSION_ERROR),
                        w -> w.frame(HEADERS, END_STREAM | END_HEADERS, 1, hex("82 20 86 84"))));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void caseGetsTheAnswerRfc9113Asks(String section, Expect expect, Steps steps) throws Exception {
        try (H2Wire wire = H2Wire.open(server.port())) {
            steps.send(wire);
            if (expect.connection() != null) {
                H2Wire.Frame goAway = wire.goAway();
                assertThat(goAway).as("a GOAWAY").isNotNull();
                assertThat(goAway.errorCode()).as("GOAWAY's code").isEqualTo(expect.connection().code());
                assertThat(wire.closedByServer()).isTrue();
                return;
            }
            if (expect.stream() != null) {
                H2Wire.Frame reset = wire.readUntil(f -> f.type() == RST_STREAM || f.type() == GOAWAY);
                assertThat(reset).as("a RST_STREAM").isNotNull();
                assertThat(reset.type()).as("a stream error, not a connection error").isEqualTo(RST_STREAM);
                assertThat(reset.errorCode()).as("RST_STREAM's code").isEqualTo(expect.stream().code());
            }
            byte[] marker = ByteBuffer.allocate(8).putLong(0x5eed_0000_0000_0001L).array();
            wire.frame(PING, 0, 0, marker);
            H2Wire.Frame pong = wire.readUntil(f -> f.type() == PING && f.has(ACK) && Arrays.equals(f.payload(), marker)
                    || f.type() == GOAWAY);
            assertThat(pong).as("the connection goes on").isNotNull();
            assertThat(pong.type()).as("no GOAWAY").isEqualTo(PING);
            assertThat(pong.payload()).isEqualTo(marker);
        }
    }
}
