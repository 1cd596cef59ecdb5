package dev.netservices.web.http2;

import static dev.netservices.web.support.H2Wire.CONTINUATION;
import static dev.netservices.web.support.H2Wire.END_HEADERS;
import static dev.netservices.web.support.H2Wire.END_STREAM;
import static dev.netservices.web.support.H2Wire.HEADERS;
import static dev.netservices.web.support.H2Wire.PING;
import static dev.netservices.web.support.H2Wire.RST_STREAM;
import static dev.netservices.web.support.H2Wire.SETTINGS;
import static dev.netservices.web.support.H2Wire.int32;
import static dev.netservices.web.support.H2Wire.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.web.support.H2Wire;
import dev.netservices.web.support.SmallHeapWebServer;

/**
 * The HTTP/2 attacks all at once, many connections each, against a server JVM with a 48 MB heap and the default
 * settings: every flood ends in GOAWAY ENHANCE_YOUR_CALM, connections stalled on zero windows hold no more than
 * their open files, and meanwhile another client is served and readiness stays UP.
 */
class Http2AttacksOnASmallHeapTest {

    private static final int EACH = 8;
    private static final int STALLED = 12;

    @Test
    void floodsAndStallsOnASmallHeapLeaveOthersServedAndReadinessUp(@TempDir Path root) throws Exception {
        byte[] big = new byte[400_000];
        new java.util.Random(5).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("index.html"), "<p>still here</p>\n");
        try (SmallHeapWebServer server = SmallHeapWebServer.start(root, "h2-attack-server.log")) {
            int port = server.port();
            ExecutorService attackers = Executors.newFixedThreadPool(16);
            List<H2Wire> stalled = new ArrayList<>();
            try {
                for (int c = 0; c < STALLED; c++) {
                    H2Wire wire = H2Wire.open(port, settings(0x4, 0));
                    ByteArrayOutputStream streams = new ByteArrayOutputStream();
                    for (int s = 1; s <= 2 * 128; s += 2) {
                        streams.write(H2Wire.bytes(HEADERS, END_STREAM | END_HEADERS, s, wire.block("GET", "/big.bin")));
                    }
                    wire.raw(streams.toByteArray());
                    stalled.add(wire);
                }

                List<Future<Integer>> floods = new ArrayList<>();
                for (int i = 0; i < EACH; i++) {
                    floods.add(attackers.submit(attack(port, wire -> {
                        ByteArrayOutputStream reset = new ByteArrayOutputStream();
                        for (int s = 1; s < 2 * 3000; s += 2) {
                            reset.write(H2Wire.bytes(HEADERS, END_STREAM | END_HEADERS, s, wire.block("GET", "/big.bin")));
                            reset.write(H2Wire.bytes(RST_STREAM, 0, s, int32(8)));
                        }
                        return wire.floodUntilGoAway(reset.toByteArray(), 1);
                    })));
                    floods.add(attackers.submit(attack(port, wire -> {
                        wire.frame(HEADERS, END_STREAM, 1, wire.block("GET", "/"));
                        return wire.floodUntilGoAway(H2Wire.bytes(CONTINUATION, 0, 1, new byte[16_000]), 10_000);
                    })));
                    floods.add(attackers.submit(attack(port,
                            wire -> wire.floodUntilGoAway(H2Wire.bytes(PING, 0, 0, new byte[8]), 100_000))));
                    floods.add(attackers.submit(attack(port,
                            wire -> wire.floodUntilGoAway(H2Wire.bytes(SETTINGS, 0, 0, settings(0x4, 0)), 100_000))));
                }
                for (Future<Integer> flood : floods) {
                    assertThat(flood.get(120, TimeUnit.SECONDS)).as("GOAWAY's code").isEqualTo(ErrorCode.ENHANCE_YOUR_CALM.code());
                }

                for (int probe = 0; probe < 10; probe++) {
                    try (H2Wire wire = H2Wire.open(port)) {
                        wire.get(1, "/big.bin");
                        wire.get(3, "/index.html");
                        assertThat(wire.response(1).body()).as("probe %d", probe).isEqualTo(big);
                        assertThat(wire.response(3).status()).isEqualTo(200);
                    }
                }
                assertThat(server.readiness()).isEqualTo("UP");
            } finally {
                attackers.shutdownNow();
                for (H2Wire wire : stalled) {
                    wire.close();
                }
            }
        }
    }

    interface Attack {
        H2Wire.Frame run(H2Wire wire) throws Exception;
    }

    private static Callable<Integer> attack(int port, Attack attack) {
        return () -> {
            try (H2Wire wire = H2Wire.open(port)) {
                H2Wire.Frame goAway = attack.run(wire);
                return goAway == null ? -1 : goAway.errorCode();
            }
        };
    }
}
