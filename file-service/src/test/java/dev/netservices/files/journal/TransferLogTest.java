package dev.netservices.files.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * The transfer log: one JSON line per finished, failed or refused upload, download, delete, rename, mkdir and rmdir,
 * with who, from where, the path, bytes, digest and outcome, written off the session threads and rotated.
 */
class TransferLogTest {

    @TempDir
    Path work;

    @Test
    void everyOperationLeavesOneJsonLineWithItsOutcome() throws IOException {
        Path root = Files.createDirectory(work.resolve("root"));
        Path log = work.resolve("logs/transfer.log");
        try (TestServer server = TestServer.on(root).transferLog(log, 1 << 20).start(); Wire wire = server.connect()) {
            wire.command("MKDIR docs");
            wire.put("docs/a.txt", "hello".getBytes());
            wire.get("docs/a.txt");
            assertThat(wire.command("RENAME docs/a.txt \"docs/b \\\"quoted\\\".txt\"")).startsWith("OK renamed");
            wire.put("docs/b \"quoted\".txt", "again".getBytes());
            wire.command("DELETE docs/b \"quoted\".txt");
            wire.command("RMDIR docs");
            assertThat(wire.command("QUIT")).isEqualTo("OK bye");
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(7);
        assertThat(lines).allMatch(line -> line.matches("\\{\"time\":\"2\\d{3}-\\d\\d-\\d\\dT[^\"]+Z\",\"operation\":\"\\w+\",\"user\":\"anonymous\","
                + "\"address\":\"127\\.0\\.0\\.1\",.*\\}"));
        assertThat(lines.get(0)).contains("\"operation\":\"mkdir\"", "\"path\":\"docs\"", "\"outcome\":\"completed\"");
        assertThat(lines.get(1)).contains("\"operation\":\"upload\"", "\"path\":\"docs/a.txt\"", "\"bytes\":5",
                "\"sha256\":\"" + Wire.sha256("hello".getBytes()) + "\"", "\"outcome\":\"completed\"");
        assertThat(lines.get(2)).contains("\"operation\":\"download\"", "\"bytes\":5", "\"outcome\":\"completed\"");
        assertThat(lines.get(3)).contains("\"operation\":\"rename\"", "\"to\":\"docs/b \\\"quoted\\\".txt\"");
        assertThat(lines.get(4)).contains("\"operation\":\"upload\"", "\"outcome\":\"refused\"",
                "\"reason\":\"ERR 409 docs/b \\\"quoted\\\".txt already exists and overwriting is off\"");
        assertThat(lines.get(5)).contains("\"operation\":\"delete\"", "\"outcome\":\"completed\"");
        assertThat(lines.get(6)).contains("\"operation\":\"rmdir\"", "\"outcome\":\"completed\"");
    }

    @Test
    void theLogIsRotatedAtItsSizeKeepingTheNewestFiles() throws IOException {
        Path root = Files.createDirectory(work.resolve("root"));
        Path log = work.resolve("transfer.log");
        try (TestServer server = TestServer.on(root).transferLog(log, 1024).start(); Wire wire = server.connect()) {
            for (int i = 0; i < 40; i++) {
                assertThat(wire.command("STAT missing-" + i)).startsWith("ERR 404");
                wire.command("DELETE missing-" + i);
            }
        }
        assertThat(log.resolveSibling("transfer.log.1")).exists();
        assertThat(log.resolveSibling("transfer.log.3")).exists();
        assertThat(log.resolveSibling("transfer.log.4")).doesNotExist();
        assertThat(Files.size(log.resolveSibling("transfer.log.1"))).isGreaterThanOrEqualTo(1024);
        assertThat(Files.readAllLines(log.resolveSibling("transfer.log.1"))).allMatch(line -> line.contains("\"operation\":\"delete\""));
    }
}
