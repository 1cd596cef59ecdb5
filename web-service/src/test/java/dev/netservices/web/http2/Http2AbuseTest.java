package dev.netservices.web.http2;

import static dev.netservices.web.support.H2Wire.CONTINUATION;
import static dev.netservices.web.support.H2Wire.DATA;
import static dev.netservices.web.support.H2Wire.END_HEADERS;
import static dev.netservices.web.support.H2Wire.END_STREAM;
import static dev.netservices.web.support.H2Wire.HEADERS;
import static dev.netservices.web.support.H2Wire.PING;
import static dev.netservices.web.support.H2Wire.PRIORITY;
import static dev.netservices.web.support.H2Wire.RST_STREAM;
import static dev.netservices.web.support.H2Wire.SETTINGS;
import static dev.netservices.web.support.H2Wire.int32;
import static dev.netservices.web.support.H2Wire.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.observability.WebMetrics;
import dev.netservices.web.reactor.Http2Support;
import dev.netservices.web.reactor.ServerStats;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.H2Wire;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;

/**
 * The known HTTP/2 attacks, each answered with GOAWAY (ENHANCE_YOUR_CALM, or COMPRESSION_ERROR for a table
 * size update HPACK forbids) and a closed connection, counted in {@code web.http2.abuse} and
 * {@code web.http2.goaways}; another client is served right after. The same attacks against a server on a
 * small heap: {@link Http2AttacksOnASmallHeapTest}.
 */
class Http2AbuseTest {

    @TempDir
    Path root;
    TestWebServer server;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        DemoFiles.create(root);
        Files.write(root.resolve("big.bin"), new byte[300_000]);
        WebMetrics metrics = new WebMetrics(registry, new ServerStats(ServiceClock.SYSTEM), null);
        server = TestWebServer.startHttp2(root, TestLimits.builder().idleTimeout(Duration.ofMillis(400)).build(), null,
                new Http2Support(Http2Options.of(TestLimits.DEFAULTS), metrics));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private double abuse(String kind) {
        var counter = registry.find("web.http2.abuse").tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    private void assertEndedForAbuse(H2Wire.Frame goAway, H2Wire wire, String kind) throws Exception {
        assertThat(goAway).as("a GOAWAY").isNotNull();
        assertThat(goAway.errorCode()).as("ENHANCE_YOUR_CALM").isEqualTo(ErrorCode.ENHANCE_YOUR_CALM.code());
        assertThat(wire.closedByServer()).isTrue();
        assertThat(abuse(kind)).as("counted as " + kind).isEqualTo(1);
        assertThat(registry.find("web.http2.goaways").tag("code", "enhance-your-calm").counter().count()).isEqualTo(1);
        assertAnotherClientIsServed();
    }

    private void assertAnotherClientIsServed() throws Exception {
        try (H2Wire other = H2Wire.open(server.port())) {
            other.get(1, "/index.html");
            H2Wire.Response response = other.response(1);
            assertThat(response.status()).isEqualTo(200);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(DemoFiles.INDEX);
        }
    }

    @Test
    void rapidResetIsEndedWithEnhanceYourCalm() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port())) {
            ByteArrayOutputStream attack = new ByteArrayOutputStream();
            for (int stream = 1; stream < 2 * 5000; stream += 2) {
                attack.write(H2Wire.bytes(HEADERS, END_STREAM | END_HEADERS, stream, wire.block("GET", "/big.bin")));
                attack.write(H2Wire.bytes(RST_STREAM, 0, stream, int32(ErrorCode.CANCEL.code())));
            }
            H2Wire.Frame goAway = wire.floodUntilGoAway(attack.toByteArray(), 1);
            assertEndedForAbuse(goAway, wire, "rapid-reset");
        }
    }

    /** What goes before a flood so that its frames belong somewhere: the HEADERS opening stream 1, or nothing. */
    interface Opening {
        void send(H2Wire wire) throws Exception;
    }

    /** Floods of one frame sent over and over: name, opening, the frame, how many times at most, abuse kind. */
    static Stream<Arguments> floodsOfOneFrame() {
        Opening nothing = wire -> { };
        // A header block left open (no END_HEADERS): CONTINUATION frames are due.
        Opening openHeaderBlock = wire -> wire.frame(HEADERS, END_STREAM, 1, wire.block("GET", "/"));
        // A request whose body is left open (no END_STREAM): DATA frames are due.
        Opening openBody = wire -> wire.frame(HEADERS, END_HEADERS, 1, wire.block("POST", "/index.html"));
        return Stream.of(
                Arguments.of("a CONTINUATION flood", openHeaderBlock,
                        H2Wire.bytes(CONTINUATION, 0, 1, new byte[1000]), 10_000, "continuation-flood"),
                Arguments.of("empty CONTINUATION frames without END_HEADERS", openHeaderBlock,
                        H2Wire.bytes(CONTINUATION, 0, 1, new byte[0]), 10_000, "continuation-flood"),
                Arguments.of("a SETTINGS flood", nothing,
                        H2Wire.bytes(SETTINGS, 0, 0, settings(0x4, 65_535)), 100_000, "control-flood"),
                Arguments.of("a PING flood", nothing, H2Wire.bytes(PING, 0, 0, new byte[8]), 100_000, "control-flood"),
                Arguments.of("an empty DATA flood", openBody, H2Wire.bytes(DATA, 0, 1, new byte[0]), 100_000, "control-flood"),
                Arguments.of("a PRIORITY flood", nothing,
                        H2Wire.bytes(PRIORITY, 0, 3, new byte[] {0, 0, 0, 1, 16}), 100_000, "control-flood"));
    }

    @ParameterizedTest(name = "{0} is ended with ENHANCE_YOUR_CALM")
    @MethodSource("floodsOfOneFrame")
    void aFloodOfOneFrameIsEndedWithEnhanceYourCalm(String name, Opening opening, byte[] frame, int times, String kind)
            throws Exception {
        try (H2Wire wire = H2Wire.open(server.port())) {
            opening.send(wire);
            H2Wire.Frame goAway = wire.floodUntilGoAway(frame, times);
            assertEndedForAbuse(goAway, wire, kind);
        }
    }

    @Test
    void hpackBombExpandingPastTheHeaderListLimitIsEndedWithEnhanceYourCalm() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port())) {
            // one 3 KB entry in the dynamic table (a literal with incremental indexing, value length 3000)...
            ByteArrayOutputStream seed = new ByteArrayOutputStream();
            seed.write(wire.block("GET", "/index.html"));
            seed.write(new byte[] {0x40, 0x06});
            seed.write("x-bomb".getBytes(StandardCharsets.US_ASCII));
            seed.write(new byte[] {0x7f, (byte) 0xb9, 0x16}); // 127 + 0x39 + (0x16 << 7) = 3000
            seed.write("b".repeat(3000).getBytes(StandardCharsets.US_ASCII));
            wire.frame(HEADERS, END_STREAM | END_HEADERS, 1, seed.toByteArray());
            wire.response(1);
            // ...then a 200-byte block naming it about 190 times: 570 KB of fields
            byte[] bomb = new byte[200];
            byte[] start = wire.block("GET", "/");
            System.arraycopy(start, 0, bomb, 0, start.length);
            java.util.Arrays.fill(bomb, start.length, bomb.length, (byte) 0xbe);
            wire.frame(HEADERS, END_STREAM | END_HEADERS, 3, bomb);
            assertEndedForAbuse(wire.goAway(), wire, "header-list");
        }
    }

    @Test
    void aTableSizeUpdatePastTheLimitIsACompressionError() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port())) {
            byte[] update = java.util.HexFormat.of().parseHex("3fe13f");
            wire.frame(HEADERS, END_STREAM | END_HEADERS, 1, update);
            H2Wire.Frame goAway = wire.goAway();
            assertThat(goAway.errorCode()).isEqualTo(ErrorCode.COMPRESSION_ERROR.code());
            assertThat(wire.closedByServer()).isTrue();
            assertThat(registry.find("web.http2.goaways").tag("code", "compression-error").counter().count()).isEqualTo(1);
            assertAnotherClientIsServed();
        }
    }

    @Test
    void streamsStalledOnAZeroWindowAreEndedAfterTheIdleTimeout() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port(), settings(0x4, 0))) {
            for (int stream = 1; stream <= 2 * 100; stream += 2) {
                wire.get(stream, "/big.bin");
            }
            assertEndedForAbuse(wire.goAway(), wire, "stalled");
        }
    }

    @Test
    void aStreamPastTheLimitIsRefusedAndRefusingOverAndOverEndsTheConnection() throws Exception {
        try (H2Wire wire = H2Wire.open(server.port(), settings(0x4, 0))) {
            for (int stream = 1; stream <= 2 * 128; stream += 2) {
                wire.get(stream, "/big.bin");
            }
            wire.get(257, "/index.html");
            H2Wire.Frame refused = wire.readUntil(f -> f.type() == RST_STREAM);
            assertThat(refused.stream()).isEqualTo(257);
            assertThat(refused.errorCode()).isEqualTo(ErrorCode.REFUSED_STREAM.code());
            assertThat(registry.find("web.http2.streams.refused").counter().count()).isEqualTo(1);
            ByteArrayOutputStream more = new ByteArrayOutputStream();
            for (int stream = 259; stream < 259 + 2 * 200; stream += 2) {
                more.write(H2Wire.bytes(HEADERS, END_STREAM | END_HEADERS, stream, wire.block("GET", "/index.html")));
            }
            assertEndedForAbuse(wire.floodUntilGoAway(more.toByteArray(), 1), wire, "refused-streams");
        }
    }
}
