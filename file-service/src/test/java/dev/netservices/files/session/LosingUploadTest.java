package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** Two sessions PUT one name at once: the one that commits second is told ERR 409 as soon as the first commits, mid-body. */
class LosingUploadTest {

    @TempDir
    Path root;

    @Test
    void theLosingPutIsToldAtOnceAndItsUnsentBodyIsDiscarded() throws IOException {
        byte[] big = new byte[1_000_000];
        Arrays.fill(big, (byte) 'a');
        try (TestServer server = TestServer.on(root).start(); Wire slow = server.connect(); Wire fast = server.connect()) {
            slow.send("PUT contested.bin " + big.length + "\r\n").sendBytes(Arrays.copyOfRange(big, 0, 100_000));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.registry().get("files.bytes.received").counter().count() >= 100_000);

            assertThat(fast.put("contested.bin", "winner".getBytes())).startsWith("OK 6 ");

            slow.sendBytes(Arrays.copyOfRange(big, 100_000, 101_000));
            assertThat(slow.readLine()).as("told with 899,000 bytes still unsent")
                    .isEqualTo("ERR 409 contested.bin was created by another upload meanwhile");
            slow.sendBytes(Arrays.copyOfRange(big, 101_000, big.length));
            assertThat(slow.command("STAT contested.bin")).as("the rest of the body was read and dropped: in sync")
                    .startsWith("OK 6 ");
        }
        assertThat(Files.readString(root.resolve("contested.bin"))).isEqualTo("winner");
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries).as("the loser's temporary file is gone").hasSize(1);
        }
    }
}
