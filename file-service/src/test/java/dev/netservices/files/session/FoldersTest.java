package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * Folders over the wire: paths in every file command, MKDIR and RMDIR, LIST of one folder with folders marked by
 * a trailing slash, PUT into a missing folder refused with 404 (never an implicit folder), moves across folders,
 * and folders made by hand noticed a moment later.
 */
class FoldersTest {

    @TempDir
    Path root;

    @Test
    void filesLiveInFoldersMadeWithMkdirAndEveryCommandTakesAPath() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            assertThat(wire.command("MKDIR docs")).isEqualTo("OK made folder docs");
            assertThat(wire.command("MKDIR docs/2026/")).isEqualTo("OK made folder docs/2026");
            byte[] report = "quarterly".getBytes(StandardCharsets.UTF_8);
            assertThat(wire.put("docs/2026/report.pdf", report)).isEqualTo("OK 9 " + Wire.sha256(report));
            assertThat(wire.get("docs/2026/report.pdf")).isEqualTo(report);
            assertThat(wire.command("STAT docs/2026/report.pdf")).isEqualTo("OK 9 " + Wire.sha256(report) + " docs/2026/report.pdf");
            assertThat(wire.command("STAT docs")).isEqualTo("OK folder 1 entry docs/");
            // as this reply and LIST show a folder (it was "ERR 403 refused name: name is empty"); not a file
            assertThat(wire.command("STAT docs/")).isEqualTo("OK folder 1 entry docs/");
            assertThat(wire.command("STAT docs/2026/report.pdf/")).isEqualTo("ERR 403 refused name: name is empty");

            assertThat(listing(wire, "LIST")).isEqualTo("OK 9 bytes follow: 0 files, 1 folder\n- docs/\n");
            assertThat(listing(wire, "LIST docs/2026")).isEqualTo("OK 14 bytes follow: 1 file, 0 folders\n9 report.pdf\n");
            assertThat(listing(wire, "LIST docs/")).isEqualTo("OK 9 bytes follow: 0 files, 1 folder\n- 2026/\n");

            assertThat(wire.command("RENAME docs/2026/report.pdf report.pdf")).isEqualTo("OK renamed docs/2026/report.pdf to report.pdf");
            assertThat(listing(wire, "LIST")).isEqualTo("OK 23 bytes follow: 1 file, 1 folder\n- docs/\n9 report.pdf\n");
            assertThat(wire.command("RENAME docs archive")).isEqualTo("OK renamed docs to archive");
            assertThat(listing(wire, "LIST archive")).isEqualTo("OK 9 bytes follow: 0 files, 1 folder\n- 2026/\n");
            assertThat(wire.command("DELETE report.pdf")).isEqualTo("OK deleted report.pdf");
            assertThat(server.store().usedBytes()).isZero();
        }
        assertThat(root.resolve("archive/2026")).isEmptyDirectory();
    }

    @Test
    void aFolderIsNotRenamedFromUnderAnUploadIntoItAndOneMovedByHandIsAnswered404() throws IOException {
        // renamed meanwhile, the upload's temporary file moved with its folder: the upload answered ERR 500 and its
        // bytes stayed hidden in the folder's new place, for good
        try (TestServer server = TestServer.on(root).start(); Wire uploader = server.connect(); Wire other = server.connect()) {
            assertThat(other.command("MKDIR inbox")).isEqualTo("OK made folder inbox");
            assertThat(uploader.command("PUT inbox/a.txt 10 0")).isEqualTo("OK send 10 bytes from 0");
            uploader.send("01234");
            assertThat(other.command("RENAME inbox archive")).isEqualTo("ERR 409 inbox cannot be renamed while 1 upload into it is in progress");
            uploader.send("56789");
            assertThat(uploader.readLine()).startsWith("OK 10 ");
            assertThat(other.command("RENAME inbox archive")).isEqualTo("OK renamed inbox to archive");
            assertThat(root.resolve("archive/a.txt")).hasContent("0123456789");

            // by hand, the server has no say: the upload is told its folder is gone, and the session goes on
            assertThat(uploader.command("PUT archive/b.txt 4 0")).isEqualTo("OK send 4 bytes from 0");
            uploader.send("ab");
            Files.move(root.resolve("archive"), root.resolve("moved"));
            uploader.send("cd");
            assertThat(uploader.readLine()).isEqualTo("ERR 404 no such folder: archive (it was moved or removed during the upload)");
            assertThat(uploader.command("STAT moved/a.txt")).startsWith("OK 10 ");
        }
        assertThat(root.resolve("moved")).isDirectoryContaining(path -> path.getFileName().toString().equals("a.txt"));
    }

    @Test
    void putIntoAMissingFolderIs404AndNothingIsMadeImplicitly() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            assertThat(wire.put("nowhere/a.txt", "abc".getBytes())).isEqualTo("ERR 404 no such folder: nowhere");
            assertThat(wire.command("MKDIR a/b")).isEqualTo("ERR 404 no such folder: a");
            assertThat(wire.command("GET nowhere/a.txt")).isEqualTo("ERR 404 no such file: nowhere/a.txt");
            assertThat(wire.command("LIST nowhere")).isEqualTo("ERR 404 no such folder: nowhere");
            wire.put("x.txt", "x".getBytes());
            assertThat(wire.command("RENAME x.txt nowhere/y.txt")).isEqualTo("ERR 404 no such folder: nowhere");
            wire.command("DELETE x.txt");
            // the session is still in step after the refused body
            assertThat(wire.command("LIST")).isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
        }
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void rmdirRemovesOnlyAnEmptyFolderAndDeleteLeavesFoldersToIt() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            wire.command("MKDIR full");
            wire.put("full/a.txt", "a".getBytes());
            wire.put("full/b.txt", "b".getBytes());
            assertThat(wire.command("RMDIR full")).isEqualTo("ERR 409 full is not empty (2 entries)");
            assertThat(wire.command("DELETE full")).isEqualTo("ERR 409 full is a folder; RMDIR removes an empty folder");
            // with overwriting off too, the reply says it is a folder (it said "full already exists and overwriting is off")
            assertThat(wire.command("PUT full 1 0")).isEqualTo("ERR 409 full is a folder");
            assertThat(wire.command("GET full")).isEqualTo("ERR 404 full is a folder; GET downloads a file");
            assertThat(wire.command("GET missing")).isEqualTo("ERR 404 no such file: missing");
            assertThat(wire.command("MKDIR full")).isEqualTo("ERR 409 full already exists");
            assertThat(wire.command("MKDIR FULL")).startsWith("ERR 409 FULL clashes with full");
            assertThat(wire.command("RMDIR missing")).isEqualTo("ERR 404 no such folder: missing");
            assertThat(wire.command("RMDIR full/a.txt")).isEqualTo("ERR 404 no such folder: full/a.txt");
            assertThat(wire.command("RMDIR")).isEqualTo("ERR 400 usage: RMDIR <path>");
            assertThat(wire.command("RENAME full full/inside")).isEqualTo("ERR 403 refused name: a folder cannot move into itself");
            wire.command("DELETE full/a.txt");
            wire.command("DELETE full/b.txt");
            assertThat(wire.command("RMDIR full")).isEqualTo("OK removed folder full");
            assertThat(wire.command("LIST")).isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
        }
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void rmdirOfAFolderThatListsEmptySaysWhatKeepsItAndAKeptPartMovesWithItsFolder() throws IOException {
        // it said "is not empty (it holds hidden or unlisted entries)" for all three, and the user could do nothing
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            wire.command("MKDIR inbox");
            try (Wire uploader = server.connect()) {
                assertThat(uploader.command("PUT inbox/a.txt 10 0")).isEqualTo("OK send 10 bytes from 0");
                uploader.send("01234");
                assertThat(wire.command("RMDIR inbox")).isEqualTo("ERR 409 inbox cannot be removed while 1 upload into it is in progress");
                // the client dies: its part is kept for a resume
                await().atMost(Duration.ofSeconds(20)).until(() -> partialBytes(root.resolve("inbox")) == 5);
                uploader.socket().setSoLinger(true, 0);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> wire.command("STAT inbox/a.txt").equals("OK partial 5 of 10 inbox/a.txt"));
            Instant asked = Instant.now();
            String refusal = wire.command("RMDIR inbox");
            assertThat(refusal).matches("ERR 409 inbox is not empty: it holds 1 interrupted upload, kept for its resume until \\S+Z");
            Instant keptUntil = Instant.parse(refusal.substring(refusal.lastIndexOf(' ') + 1));
            assertThat(keptUntil).isBetween(asked.plus(Duration.ofHours(24)).minusSeconds(60), asked.plus(Duration.ofHours(24)).plusSeconds(1));

            // the part moves with its folder and resumes under the folder's new name
            assertThat(wire.command("RENAME inbox outbox")).isEqualTo("OK renamed inbox to outbox");
            assertThat(wire.command("STAT outbox/a.txt")).isEqualTo("OK partial 5 of 10 outbox/a.txt");
            assertThat(wire.command("PUT outbox/a.txt 10 5")).isEqualTo("OK send 5 bytes from 5");
            wire.send("56789");
            assertThat(wire.readLine()).startsWith("OK 10 ");
            assertThat(root.resolve("outbox/a.txt")).hasContent("0123456789");
            assertThat(wire.command("DELETE outbox/a.txt")).isEqualTo("OK deleted outbox/a.txt");
            Files.createFile(root.resolve("outbox/.made-by-hand"));
            assertThat(wire.command("RMDIR outbox")).isEqualTo("ERR 409 outbox is not empty (it holds hidden or unlisted entries)");
            Files.delete(root.resolve("outbox/.made-by-hand"));
            assertThat(wire.command("RMDIR outbox")).isEqualTo("OK removed folder outbox");
        }
        assertThat(root).isEmptyDirectory();
    }

    private static long partialBytes(Path folder) throws IOException {
        try (var entries = Files.list(folder)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith(".partial-")).mapToLong(entry -> entry.toFile().length()).sum();
        }
    }

    @Test
    void theTopFolderIsNeitherRemovedNorMadeEvenWhenEmpty() throws IOException {
        // RMDIR / named the empty path, the top folder itself: an empty library was removed from under the service,
        // whose storage then went DOWN and every upload was refused until a restart
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            assertThat(wire.command("RMDIR /")).isEqualTo("ERR 403 refused name: the top folder is neither made nor removed");
            assertThat(wire.command("MKDIR /")).isEqualTo("ERR 403 refused name: the top folder is neither made nor removed");
            assertThat(wire.put("a.txt", "a".getBytes())).isEqualTo("OK 1 " + Wire.sha256("a".getBytes()));
            assertThat(wire.command("DELETE a.txt")).isEqualTo("OK deleted a.txt");
        }
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void pathsDeeperOrLongerThanTheLimitsAreRefusedWithTheReason() throws IOException {
        try (TestServer server = TestServer.on(root).maxPathDepth(3).start(); Wire wire = server.connect()) {
            wire.command("MKDIR a");
            wire.command("MKDIR a/b");
            assertThat(wire.command("MKDIR a/b/c")).isEqualTo("OK made folder a/b/c");
            assertThat(wire.command("MKDIR a/b/c/d")).isEqualTo("ERR 403 refused name: path is deeper than 3 folders");
            assertThat(wire.put("a/b/c/d.txt", "x".getBytes())).isEqualTo("ERR 403 refused name: path is deeper than 3 folders");
            assertThat(wire.command("GET a/b/../../../etc/passwd")).isEqualTo("ERR 403 refused name: path is deeper than 3 folders");
            assertThat(wire.command("GET a/../x")).isEqualTo("ERR 403 refused name: name is . or ..");
            assertThat(wire.command("STAT a//b")).isEqualTo("ERR 403 refused name: name is empty");
            assertThat(wire.command("STAT /a")).isEqualTo("ERR 403 refused name: name is an absolute path");
            assertThat(wire.command("STAT a/.git")).startsWith("ERR 403 refused name: hidden names");
        }
    }

    @Test
    void foldersAndFilesMadeByHandAreNoticedAndCountedInTheQuota() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            Files.createDirectories(root.resolve("by-hand/deeper"));
            Files.writeString(root.resolve("by-hand/deeper/note.txt"), "hello");
            await().atMost(Duration.ofSeconds(20)).until(() -> listing(wire, "LIST by-hand/deeper").equals(
                    "OK 12 bytes follow: 1 file, 0 folders\n5 note.txt\n"));
            assertThat(server.store().usedBytes()).isEqualTo(5);
            Files.delete(root.resolve("by-hand/deeper/note.txt"));
            Files.delete(root.resolve("by-hand/deeper"));
            await().atMost(Duration.ofSeconds(20)).until(() -> listing(wire, "LIST by-hand").equals("OK 0 bytes follow: 0 files, 0 folders\n"));
            assertThat(server.store().usedBytes()).isZero();
        }
    }

    @Test
    void filesDroppedByHandIntoFoldersMadeWithMkdirAreNoticed() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            assertThat(wire.command("MKDIR inbox")).isEqualTo("OK made folder inbox");
            assertThat(wire.command("MKDIR inbox/2026")).isEqualTo("OK made folder inbox/2026");
            Files.writeString(root.resolve("inbox/2026/deeper.txt"), "hi");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(listing(wire, "LIST inbox/2026")).isEqualTo(
                    "OK 14 bytes follow: 1 file, 0 folders\n2 deeper.txt\n"));

            assertThat(wire.command("RENAME inbox tray")).isEqualTo("OK renamed inbox to tray");
            Files.writeString(root.resolve("tray/dropped.txt"), "hello");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(listing(wire, "LIST tray")).isEqualTo(
                    "OK 24 bytes follow: 1 file, 1 folder\n- 2026/\n5 dropped.txt\n"));
            assertThat(server.store().usedBytes()).isEqualTo(7);
        }
    }

    @Test
    void anUploadCutShortInAFolderLeavesNoTemporaryFileThere() throws Exception {
        Files.createDirectories(root.resolve("in/here"));
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            wire.send("PUT in/here/cut.bin 1000\r\n").sendBytes(new byte[10]);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (var entries = Files.list(root.resolve("in/here"))) {
                return entries.findAny().isEmpty();
            }
        });
    }

    /** The reply line and its body, CRLFs as LFs. */
    private static String listing(Wire wire, String command) throws IOException {
        String reply = wire.command(command);
        if (!reply.startsWith("OK")) {
            return reply;
        }
        byte[] body = wire.readBytes(Long.parseLong(reply.split(" ")[1]));
        return reply + "\n" + new String(body, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
