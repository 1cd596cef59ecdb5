package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.time.ManualClock;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** A client that stops reading in the middle of a download does not hold its session forever. */
class StalledDownloadTest {

    @TempDir
    Path root;

    @Test
    void downloadTheClientStopsReadingIsClosedOnceBelowTheMinimumRate() throws IOException {
        Files.write(root.resolve("big.bin"), new byte[64 << 20]);
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).minTransferRate(1 << 20, Duration.ofMillis(300)).clock(clock).start();
                Wire wire = server.connect()) {
            wire.socket().setReceiveBufferSize(64 * 1024);
            assertThat(wire.command("GET big.bin")).isEqualTo("OK " + (64 << 20));
            // read nothing more: the socket buffers fill, transferTo blocks, the watchdog sees no progress
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                clock.advance(Duration.ofMillis(400));
                return server.server().liveSessions() == 0;
            });
            assertThat(server.registry().get("files.transfers").tag("command", "get").tag("outcome", "failed").counter().count())
                    .isEqualTo(1);
        }
    }
}
