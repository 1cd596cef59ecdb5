package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** DELETE and RENAME: atomic, counted in the quota, refused as GET and PUT refuse, and harmless to running downloads. */
class DeleteRenameTest {

    @TempDir
    Path root;

    @Test
    void deleteRemovesTheFileAndItsBytesFromTheQuota() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            wire.put("old.txt", "12345".getBytes());
            assertThat(server.store().usedBytes()).isEqualTo(5);
            assertThat(wire.command("DELETE old.txt")).isEqualTo("OK deleted old.txt");
            assertThat(wire.command("LIST")).isEqualTo("OK 0 bytes, 0 files");
            assertThat(server.store().usedBytes()).isZero();
            assertThat(wire.command("DELETE old.txt")).isEqualTo("ERR 404 no such file: old.txt");
            assertThat(wire.command("DELETE ../x")).isEqualTo("ERR 403 refused name: name contains / or \\");
            assertThat(wire.command("DELETE .hidden")).startsWith("ERR 403 refused name: hidden names");
            assertThat(wire.command("DELETE")).isEqualTo("ERR 400 usage: DELETE <name>");
        }
        assertThat(root.resolve("old.txt")).doesNotExist();
    }

    @Test
    void renameMovesTheFileAndRefusesToReplaceAnotherWithoutOverwrite() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            wire.put("draft.txt", "draft".getBytes());
            wire.put("taken.txt", "taken".getBytes());
            assertThat(wire.command("RENAME draft.txt \"final version.txt\"")).isEqualTo("OK renamed draft.txt to final version.txt");
            assertThat(wire.get("final version.txt 0")).asString().isEqualTo("draft");
            assertThat(wire.command("STAT final version.txt")).contains(Wire.sha256("draft".getBytes()));
            assertThat(wire.command("RENAME \"final version.txt\" taken.txt")).isEqualTo("ERR 409 taken.txt already exists and overwriting is off");
            assertThat(wire.command("RENAME missing.txt x.txt")).isEqualTo("ERR 404 no such file: missing.txt");
            assertThat(wire.command("RENAME taken.txt ../escape")).isEqualTo("ERR 403 refused name: name contains / or \\");
            assertThat(wire.command("RENAME taken.txt")).startsWith("ERR 400 usage: RENAME <old> <new>");
            assertThat(wire.command("RENAME \"unclosed x")).startsWith("ERR 400 usage: RENAME <old> <new>");
            assertThat(wire.command("RENAME \"say \\\"hi\\\"\" b")).isEqualTo("ERR 404 no such file: say \"hi\"");
            assertThat(server.store().usedBytes()).isEqualTo(10);
        }
        assertThat(root.resolve("final version.txt")).hasContent("draft");
        assertThat(root.resolve("taken.txt")).hasContent("taken");
        assertThat(root.resolve("draft.txt")).doesNotExist();
    }

    @Test
    void renameReplacesInOneStepWhenOverwriteIsOn() throws IOException {
        try (TestServer server = TestServer.on(root).overwrite(true).start(); Wire wire = server.connect()) {
            wire.put("new.txt", "new!".getBytes());
            wire.put("live.txt", "old".getBytes());
            assertThat(wire.command("RENAME new.txt live.txt")).isEqualTo("OK renamed new.txt to live.txt");
            assertThat(wire.get("live.txt")).asString().isEqualTo("new!");
            assertThat(wire.command("LIST")).isEqualTo("OK 12 bytes, 1 file");
            assertThat(server.store().usedBytes()).isEqualTo(4);
        }
    }

    @Test
    void downloadRunningWhileItsFileIsDeletedOrReplacedCompletesWithTheVersionItStarted() throws Exception {
        byte[] original = new byte[24 << 20];
        new Random(1).nextBytes(original);
        Files.write(root.resolve("movie.bin"), original);
        try (TestServer server = TestServer.on(root).overwrite(true).start(); Wire reader = server.connect(); Wire writer = server.connect()) {
            for (String change : new String[] {"DELETE", "PUT"}) {
                if (change.equals("PUT")) {
                    Files.write(root.resolve("movie.bin"), original);
                }
                assertThat(reader.command("GET movie.bin")).isEqualTo("OK " + original.length);
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                InputStream in = reader.input();
                byte[] chunk = new byte[64 * 1024];
                long received = read(in, digest, chunk, 1 << 20);
                if (change.equals("DELETE")) {
                    assertThat(writer.command("DELETE movie.bin")).isEqualTo("OK deleted movie.bin");
                } else {
                    assertThat(writer.put("movie.bin", "replaced".getBytes())).startsWith("OK 8 ");
                }
                received += read(in, digest, chunk, original.length - received);
                assertThat(received).isEqualTo(original.length);
                assertThat(HexFormat.of().formatHex(digest.digest())).as(change).isEqualTo(Wire.sha256(original));
            }
        }
    }

    @Test
    void deleteByAReadOnlySessionChangesNothing() throws IOException {
        Files.writeString(root.resolve("kept.txt"), "kept");
        try (TestServer server = TestServer.on(root).anonymous(dev.netservices.files.account.Access.READ).start(); Wire wire = server.connect()) {
            assertThat(wire.command("DELETE kept.txt")).isEqualTo("ERR 530 DELETE needs a read-write login; this session is anonymous (read-only)");
        }
        assertThat(root.resolve("kept.txt")).hasContent("kept");
    }

    private static long read(InputStream in, MessageDigest digest, byte[] chunk, long count) throws IOException {
        long done = 0;
        while (done < count) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, count - done));
            if (n < 0) {
                break;
            }
            digest.update(chunk, 0, n);
            done += n;
        }
        return done;
    }
}
