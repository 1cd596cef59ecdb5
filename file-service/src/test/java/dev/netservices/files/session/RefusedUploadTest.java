package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * A PUT the store refuses (its limits are tested at the store, {@code store.StoreLimitsTest}) is answered with the
 * matching code before the body is read, and the body is read and dropped so the stream stays in sync, up to
 * {@code files.max-discard}.
 */
class RefusedUploadTest {

    @TempDir
    Path root;

    @Test
    void fileOverTheSizeLimitIsRefusedAndItsBodyDiscarded() throws IOException {
        try (TestServer server = TestServer.on(root).maxFileSize(1000).start(); Wire wire = server.connect()) {
            wire.send("PUT big.bin 1001\r\n").sendBytes(new byte[1001]);
            assertThat(wire.readLine()).isEqualTo("ERR 413 1001 bytes is over the file size limit of 1000 bytes");
            assertThat(wire.put("fits.bin", new byte[1000])).startsWith("OK 1000 ");
            assertThat(wire.command("LIST")).isEqualTo("OK 15 bytes follow: 1 file, 0 folders");
        }
        assertThat(names()).containsExactly("fits.bin");
    }

    @Test
    void refusedBodyTooLargeToDiscardClosesTheConnectionAfterSayingSo() throws IOException {
        try (TestServer server = TestServer.on(root).maxFileSize(1000).maxDiscard(4096).start(); Wire wire = server.connect()) {
            wire.send("PUT huge.bin 5000000000\r\n");
            assertThat(wire.readLine()).isEqualTo(
                    "ERR 413 5000000000 bytes is over the file size limit of 1000 bytes; closing (too many bytes to discard)");
            assertThat(wire.closedByServer()).isTrue();
        }
        assertThat(names()).isEmpty();
    }

    @Test
    void uploadBeyondTheQuotaIsAnswered507AndItsBodyDiscarded() throws IOException {
        try (TestServer server = TestServer.on(root).quota(10_000).start(); Wire wire = server.connect()) {
            assertThat(wire.put("a.bin", new byte[6000])).startsWith("OK 6000 ");
            wire.send("PUT b.bin 5000\r\n").sendBytes(new byte[5000]);
            assertThat(wire.readLine()).isEqualTo("ERR 507 5000 bytes would go over the storage quota of 10000 bytes (6000 in use)");
            assertThat(wire.put("c.bin", new byte[4000])).startsWith("OK 4000 ");
            assertThat(server.store().usedBytes()).isEqualTo(10_000);
        }
        assertThat(names()).containsExactly("a.bin", "c.bin");
    }

    @Test
    void uploadIntoTheFreeSpaceReserveIsAnswered507() throws IOException {
        try (TestServer server = TestServer.on(root).minFreeSpace(Long.MAX_VALUE / 2).start(); Wire wire = server.connect()) {
            wire.send("PUT a.bin 10\r\n").sendBytes(new byte[10]);
            assertThat(wire.readLine()).startsWith("ERR 507 not enough free disk space for 10 bytes");
            assertThat(wire.command("LIST")).isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
        }
        assertThat(names()).isEmpty();
    }

    @Test
    void refusedNameStillHasItsBodyDiscarded() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            wire.send("PUT ../escape.txt 5\r\nhelloSTAT nothing\r\n");
            assertThat(wire.readLine()).isEqualTo("ERR 403 refused name: name is . or ..");
            assertThat(wire.readLine()).isEqualTo("ERR 404 no such file: nothing");
        }
        assertThat(root.getParent().resolve("escape.txt")).doesNotExist();
    }

    private Stream<String> namesStream() throws IOException {
        return Files.list(root).map(p -> p.getFileName().toString()).sorted();
    }

    private List<String> names() throws IOException {
        try (Stream<String> names = namesStream()) {
            return names.toList();
        }
    }
}
