package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.time.ManualClock;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** No half-written file is ever visible and none is left behind, whatever the client does mid-upload. */
class UploadSafetyTest {

    @TempDir
    Path root;

    @Test
    void clientThatDiesMidUploadLeavesNoFileAndNoTemporaryFile() throws IOException {
        try (TestServer server = TestServer.on(root).start()) {
            try (Wire wire = server.connect()) {
                wire.send("PUT partial.bin 1000000\r\n").sendBytes(new byte[400_000]);
                await().atMost(Duration.ofSeconds(10)).until(() -> entries().size() == 1);
                assertThat(entries().getFirst()).startsWith(".upload-");
                try (Wire other = server.connect()) {
                    assertThat(other.command("LIST")).as("the half-written upload is invisible").isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
                    assertThat(other.command("GET partial.bin")).isEqualTo("ERR 404 no such file: partial.bin");
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> entries().isEmpty());
            assertThat(server.store().usedBytes()).isZero();
            assertThat(server.registry().get("files.transfers").tag("command", "put").tag("outcome", "failed").counter().count())
                    .isEqualTo(1);
        }
    }

    @Test
    void uploadThatStallsIsStoppedWithAnErrorAndLeavesNothing() throws IOException {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).minTransferRate(1000, Duration.ofMillis(300)).clock(clock).start();
                Wire wire = server.connect()) {
            wire.send("PUT stalled.bin 100\r\n").sendBytes(new byte[10]);
            // each step moves time past a whole rate window in which at most 10 bytes arrived
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                clock.advance(Duration.ofMillis(400));
                return wire.input().available() > 0;
            });
            assertThat(wire.readLine()).startsWith("ERR 408 transfer slower than 1000 bytes/s");
            assertThat(wire.closedByServer()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> entries().isEmpty());
        }
    }

    @Test
    void uploadThatTricklesBelowTheMinimumRateIsStopped() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).minTransferRate(1000, Duration.ofMillis(300)).clock(clock).start();
                Wire wire = server.connect()) {
            wire.send("PUT trickle.bin 100000\r\n");
            // 10 bytes per 50 ms of the server's clock: 200 bytes/s, a fifth of the minimum
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                try {
                    wire.sendBytes(new byte[10]);
                } catch (IOException e) {
                    return true;
                }
                clock.advance(Duration.ofMillis(50));
                return wire.input().available() > 0;
            });
            assertThat(wire.readLine()).startsWith("ERR 408 transfer slower than 1000 bytes/s");
            await().atMost(Duration.ofSeconds(10)).until(() -> entries().isEmpty());
        }
    }

    @Test
    void sessionIdleLongerThanTheTimeoutIsToldAndClosed() throws IOException {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).idleTimeout(Duration.ofMillis(300)).clock(clock).start();
                Wire wire = server.connect()) {
            assertThat(wire.command("LIST")).isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
            clock.advance(Duration.ofMillis(250));
            // not yet due: once the watchdog has run at 250 ms (two reads: one whole tick), a marker command
            // is answered first, where a premature timeout would have sent its ERR 408 before it
            await().atMost(Duration.ofSeconds(20)).until(() -> clock.readsOfNow("-watchdog") >= 2);
            assertThat(wire.command("STAT nothing.txt")).isEqualTo("ERR 404 no such file: nothing.txt");
            clock.advance(Duration.ofMillis(250));
            await().atMost(Duration.ofSeconds(20)).until(() -> clock.readsOfNow("-watchdog") >= 2);
            assertThat(wire.command("LIST")).as("the marker reset the idle time").isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                clock.advance(Duration.ofMillis(100));
                return wire.input().available() > 0;
            });
            assertThat(wire.readLine()).isEqualTo("ERR 408 idle for longer than PT0.3S; closing");
            assertThat(wire.closedByServer()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.server().liveSessions() == 0);
        }
    }

    @Test
    void tooFewBytesBeforeTheClientClosesItsSideLeavesNothingAndIsTold() throws IOException {
        // what `{ printf 'PUT short.bin 10\r\n'; printf abc; } | nc -q1 host 8888` does: the client still reads,
        // and used to get no line at all
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            wire.send("PUT short.bin 10\r\nabc");
            wire.socket().shutdownOutput();
            assertThat(wire.readLine()).isEqualTo("ERR 400 the body of short.bin ended after 3 of 10 bytes: nothing stored; closing");
            assertThat(wire.closedByServer()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> entries().isEmpty());
        }
    }

    @Test
    void aResumableBodyCutShortByTheClientsEndIsToldAndKeptForTheResume() throws IOException {
        try (TestServer server = TestServer.on(root).start()) {
            try (Wire wire = server.connect()) {
                assertThat(wire.command("PUT short.bin 10 0")).isEqualTo("OK send 10 bytes from 0");
                wire.send("abcd");
                wire.socket().shutdownOutput();
                assertThat(wire.readLine()).isEqualTo(
                        "ERR 400 the body of short.bin ended after 4 of 10 bytes: what arrived is kept for a resume (STAT short.bin says how much); closing");
                assertThat(wire.closedByServer()).isTrue();
            }
            try (Wire wire = server.connect()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> wire.command("STAT short.bin").equals("OK partial 4 of 10 short.bin"));
            }
        }
    }

    @Test
    void temporaryFilesLeftByACrashAreDeletedAtStart() throws IOException {
        Files.write(root.resolve(".upload-1234.tmp"), new byte[100]);
        Files.writeString(root.resolve("kept.txt"), "kept");
        try (TestServer server = TestServer.on(root).start()) {
            assertThat(entries()).containsExactly("kept.txt");
            assertThat(server.store().usedBytes()).isEqualTo(4);
        }
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
