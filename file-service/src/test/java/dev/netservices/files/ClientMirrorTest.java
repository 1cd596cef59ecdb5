package dev.netservices.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.client.files.FileClient;
import dev.netservices.files.support.TestServer;

/**
 * The file client's folders and {@code mirror} against the real server: a tree of three levels copied up with
 * {@code mirror -R --parallel 4} and back down with {@code mirror}, byte-exact; a second run moves nothing; a
 * change and a removal move only themselves with {@code --delete}; a file the server refuses makes status 1; {@code stat}
 * shows the top folder's usage and limits and a folder's entries.
 */
class ClientMirrorTest {

    @TempDir
    Path work;

    @Test
    void aTreeMirroredUpAndBackIsByteExactAndASecondRunMovesOnlyWhatDiffers() throws IOException {
        Path root = Files.createDirectory(work.resolve("root"));
        Path local = Files.createDirectory(work.resolve("local"));
        Path back = work.resolve("back");
        Random random = new Random(19);
        for (int i = 0; i < 30; i++) {
            writeRandom(local.resolve("level-" + i % 3).resolve("sub-" + i % 2).resolve("file-" + i + ".bin"),
                    1024 + random.nextInt(64 * 1024), random);
        }
        try (TestServer server = TestServer.on(root).start()) {
            String port = String.valueOf(server.port());
            Run up = files(port, "mirror", "-R", "--parallel", "4", local.toString(), "backup/2026");
            assertThat(up.status()).as(up.err()).isZero();
            assertThat(up.out()).contains("mirror: 30 copied", "0 failed");
            assertThat(tree(root.resolve("backup/2026"))).isEqualTo(tree(local));

            Run down = files(port, "mirror", "--parallel", "4", "backup/2026", back.toString());
            assertThat(down.status()).as(down.err()).isZero();
            assertThat(tree(back)).isEqualTo(tree(local));

            Run again = files(port, "mirror", "-R", "--parallel", "4", local.toString(), "backup/2026");
            assertThat(again.out()).contains("mirror: 0 copied", "30 unchanged");

            Files.write(local.resolve("level-0/sub-0/file-0.bin"), "changed, same folder".getBytes(StandardCharsets.UTF_8));
            Files.delete(local.resolve("level-1/sub-1/file-1.bin"));
            Run changed = files(port, "mirror", "-R", "--delete", local.toString(), "backup/2026");
            assertThat(changed.status()).as(changed.err()).isZero();
            assertThat(changed.out()).contains("mirror: 1 copied", "28 unchanged", "1 deleted", "0 failed");
            assertThat(tree(root.resolve("backup/2026"))).isEqualTo(tree(local));
        }
    }

    @Test
    void foldersAtThePromptAndAFailedMirrorEndsWithStatus1() throws IOException {
        Path root = Files.createDirectory(work.resolve("root"));
        Path local = Files.createDirectory(work.resolve("local"));
        Files.writeString(local.resolve("fine.txt"), "fine");
        Files.writeString(local.resolve("a:b.txt"), "refused by the server");
        try (TestServer server = TestServer.on(root).start()) {
            String port = String.valueOf(server.port());
            Run session = files(port, "-c", "mkdir -p docs/2026; cd docs; put " + local.resolve("fine.txt") + " 2026/fine.txt; ls 2026; pwd; "
                    + "stat; stat 2026; cd /; ls; rmdir docs/2026");
            assertThat(session.out()).contains("made folder docs", "made folder docs/2026", "uploaded docs/2026/fine.txt",
                    "   1         4 B  fine.txt", "remote folder: /docs", "   1              docs/",
                    "/: 4 bytes used of 1073741824, 1 file of no limit", "docs/2026: folder 1 entry docs/2026/");
            assertThat(session.err()).contains("docs/2026 is not empty (1 entry)");
            assertThat(root.resolve("docs/2026/fine.txt")).hasContent("fine");

            Run failed = files(port, "mirror", "-R", local.toString(), "up");
            assertThat(failed.status()).isEqualTo(1);
            assertThat(failed.out()).contains("mirror: 1 copied", "1 failed");
            assertThat(root.resolve("up/fine.txt")).hasContent("fine");
        }
    }

    @Test
    void aCommandGivenSeveralNamesTriesEachTellsTheOnesThatFailAndEndsWithStatus1() throws IOException {
        Path root = Files.createDirectory(work.resolve("root"));
        Path down = Files.createDirectory(work.resolve("down"));
        Files.writeString(root.resolve("a.txt"), "first");
        Files.writeString(root.resolve("c.txt"), "third");
        Files.writeString(root.resolve("d.txt"), "fourth");
        try (TestServer server = TestServer.on(root).start()) {
            String port = String.valueOf(server.port());
            Run get = files(port, "--dir", down.toString(), "get", "a.txt", "missing.txt", "c.txt");
            assertThat(get.status()).isEqualTo(1);
            assertThat(get.err()).contains("error: no such file: missing.txt");
            assertThat(down.resolve("a.txt")).hasContent("first");
            assertThat(down.resolve("c.txt")).as("the name after the failed one").hasContent("third");

            Run rm = files(port, "-c", "rm missing.txt d.txt; ls");
            assertThat(rm.status()).isEqualTo(1);
            assertThat(rm.err()).contains("error: no such file: missing.txt");
            assertThat(root.resolve("d.txt")).doesNotExist();
            assertThat(rm.out()).as("a script still stops after the command that failed").doesNotContain("a.txt");

            Run stat = files(port, "stat", "nope", "a.txt");
            assertThat(stat.status()).isEqualTo(1);
            assertThat(stat.out()).contains("a.txt: 5 bytes");

            assertThat(files(port, "get", "--dir", down.toString(), "nothing.txt").err()).as("one name: told once")
                    .containsOnlyOnce("no such file: nothing.txt");
        }
        Run unreachable = files(String.valueOf(closedPort()), "get", "a.txt", "b.txt", "c.txt");
        assertThat(unreachable.status()).isEqualTo(1);
        assertThat(unreachable.err()).as("an unreachable server stops the command at once").containsOnlyOnce("cannot reach");
    }

    @Test
    void anUploadTheServerRefusesDrawsNoProgressLineOnlyTheReason() throws IOException {
        Path root = Files.createDirectory(work.resolve("root"));
        Path local = Files.writeString(work.resolve("notes.txt"), "twelve bytes");
        Files.writeString(root.resolve("notes.txt"), "already here");
        try (TestServer server = TestServer.on(root).start()) {
            String port = String.valueOf(server.port());
            Run refused = run("--port", port, "put", local.toString());
            assertThat(refused.status()).isEqualTo(1);
            assertThat(refused.err()).contains("notes.txt").doesNotContain("put notes.txt [").doesNotContain("0%");
            Run stored = run("--port", port, "put", local.toString(), "copy.txt");
            assertThat(stored.status()).as(stored.err()).isZero();
            assertThat(stored.err()).as("the summary line of a transfer that went through")
                    .contains("put copy.txt [##############################] 100%  12 B / 12 B");
        }
    }

    @Test
    void aFileWhoseNameEndsInANumberIsMirroredUpAsItselfAndItsBytesNeverRunAsCommands() throws IOException {
        // "PUT up/note 1 13" is the resumable form to the server (note, size 1, offset 13): refused without its body,
        // whose line then ran as a command, so mirroring this file deleted keep.txt
        Path root = Files.createDirectory(work.resolve("root"));
        Path local = Files.createDirectory(work.resolve("local"));
        Files.writeString(local.resolve("note 1"), "DELETE keep.txt\r\n");
        Files.writeString(local.resolve("plain.txt"), "plain");
        Files.writeString(root.resolve("keep.txt"), "keep me");
        try (TestServer server = TestServer.on(root).start()) {
            String port = String.valueOf(server.port());
            Run up = files(port, "mirror", "-R", local.toString(), "up");
            assertThat(root.resolve("keep.txt")).hasContent("keep me");
            assertThat(up.status()).as(up.out() + up.err()).isZero();
            assertThat(up.out()).contains("mirror: 2 copied", "0 failed");
            assertThat(tree(root.resolve("up"))).isEqualTo(tree(local));

            // "PUT  5 0" was a classic upload of an empty file named 5, the file's bytes then read as the next command
            Run top = run("--port", port, "-q", "put", local.resolve("plain.txt").toString(), "/");
            assertThat(top.status()).isEqualTo(1);
            assertThat(top.err()).contains("error: / is a folder; give the upload a file name (put FILE PATH)");
            assertThat(root.resolve("5")).doesNotExist();
        }
    }

    @Test
    void aNameThatBeginsOrEndsWithASpaceIsRefusedNotStoredUnderAnotherName() throws IOException {
        // the server drops the spaces around a path: "b " was stored as b and reported "uploaded b  (... verified)";
        // a second mirror -R --delete then found b extra and deleted it
        Path root = Files.createDirectory(work.resolve("root"));
        Path local = Files.createDirectory(work.resolve("local"));
        Files.writeString(local.resolve("b "), "trailing");
        Files.writeString(local.resolve(" lead"), "leading");
        Files.writeString(local.resolve("fine.txt"), "fine");
        try (TestServer server = TestServer.on(root).start()) {
            String port = String.valueOf(server.port());
            Run put = run("--port", port, "-q", "put", local.resolve("b ").toString());
            assertThat(put.status()).isEqualTo(1);
            assertThat(put.err()).contains("error: cannot send 'b ': a name that begins or ends with a space would be stored without it");
            Run lead = run("--port", port, "-q", "put", local.resolve(" lead").toString());
            assertThat(lead.status()).isEqualTo(1);
            assertThat(lead.err()).contains("error: cannot send ' lead'");
            Run mkdir = run("--port", port, "-q", "mkdir", " docs");
            assertThat(mkdir.status()).isEqualTo(1);
            assertThat(root.resolve("b")).doesNotExist();
            assertThat(root.resolve("lead")).doesNotExist();
            assertThat(root.resolve("docs")).doesNotExist();

            // inside a path a space is part of a name (up/ lead): only the ends of the whole path are dropped
            Run up = files(port, "mirror", "-R", "--delete", local.toString(), "up");
            assertThat(up.status()).isEqualTo(1);
            assertThat(up.out()).contains("mirror: 2 copied", "1 failed", "cannot send 'up/b '");
            assertThat(tree(root.resolve("up"))).containsOnlyKeys(" lead", "fine.txt");
        }
    }

    @Test
    void aLocalNameThatIsNotUtf8IsNotSentUnderAnotherName() throws Exception {
        // Java shows U+FFFD for such bytes (0xE9: é in Latin-1), and the mirror stored the file as "caf\uFFFD.txt"
        Path root = Files.createDirectory(work.resolve("root"));
        Path local = Files.createDirectory(work.resolve("local"));
        Files.writeString(local.resolve("fine.txt"), "fine");
        Process made = new ProcessBuilder("sh", "-c", "printf x > \"$(printf 'caf\\351.txt')\" && mkdir \"$(printf 'd\\351')\""
                + " && printf y > \"$(printf 'd\\351')/inside.txt\"").directory(local.toFile()).start();
        assertThat(made.waitFor()).isZero();
        try (TestServer server = TestServer.on(root).start()) {
            Run up = files(String.valueOf(server.port()), "mirror", "-R", local.toString(), "up");
            assertThat(up.status()).isEqualTo(1);
            assertThat(up.out()).contains("mirror: 1 copied", "2 failed",
                    "error: caf\uFFFD.txt: not sent: its name is not valid in this system's file-name encoding (UTF-8)",
                    "error: d\uFFFD: not sent");
            assertThat(tree(root.resolve("up"))).containsOnlyKeys("fine.txt");

            // named alone, as the shell passes it (decoded with U+FFFD for the byte): it names no file, and says why
            Run put = files(String.valueOf(server.port()), "put", local.resolve("caf\uFFFD.txt").toString());
            assertThat(put.status()).isEqualTo(1);
            assertThat(put.err()).contains("caf\uFFFD.txt is not a readable file (the name as given has bytes that are not valid in"
                    + " this system's file-name encoding, UTF-8: rename the file)");
        }
    }

    @Test
    void aMirrorWithMoreSessionsThanTheAccountMayHoldGoesOnWithFewerAndCopiesEverything() throws IOException {
        // each session past max-sessions failed its lane's first file ("alice already has 2 sessions, the most allowed")
        Path root = Files.createDirectory(work.resolve("root"));
        Path local = Files.createDirectory(work.resolve("local"));
        for (int i = 0; i < 12; i++) {
            Files.createDirectories(local.resolve("d" + i % 4));
            Files.writeString(local.resolve("d" + i % 4).resolve("f" + i + ".txt"), "file " + i);
        }
        Path users = work.resolve("users");
        Files.writeString(users, "alice:" + org.springframework.security.crypto.factory.PasswordEncoderFactories
                .createDelegatingPasswordEncoder().encode("wonderland") + ":rw:max-sessions=2\n");
        Files.setPosixFilePermissions(users, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path password = Files.writeString(work.resolve("password"), "wonderland\n");
        try (TestServer server = TestServer.on(root).usersFile(users).plainLogin(true).start()) {
            Run up = files(String.valueOf(server.port()), "--user", "alice", "--password-file", password.toString(),
                    "mirror", "-R", "--parallel", "4", local.toString(), "up");
            assertThat(up.status()).as(up.out() + up.err()).isZero();
            assertThat(up.out()).contains("mirror: 12 copied", "0 failed");
            assertThat(up.err()).containsOnlyOnce("mirror: going on with fewer sessions: alice already has 2 sessions, the most allowed");
            assertThat(tree(root.resolve("up"))).isEqualTo(tree(local));
        }
    }

    @Test
    void afterAReplyEndingInClosingTheNextCommandOpensANewConnection() throws IOException {
        // the client kept the connection the server had closed: the next command at the prompt failed with
        // "error: the server closed the connection"
        Path root = Files.createDirectory(work.resolve("root"));
        Files.writeString(root.resolve("a.txt"), "still here");
        try (TestServer server = TestServer.on(root).start()) {
            Run prompt = runWith("stat " + "x".repeat(2000) + "\nls\n", "--port", String.valueOf(server.port()), "-q");
            assertThat(prompt.out() + prompt.err()).contains("error: line longer than 1024 bytes; closing", "a.txt")
                    .doesNotContain("the server closed the connection");
        }
    }

    /** A port nothing listens on: one the system gave and took back. */
    private static int closedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aMirrorDownMixesPipelinedDownloadsWithAResumedOneAndAnUnchangedOneOnTheSameSessions() throws IOException {
        Path root = Files.createDirectory(work.resolve("root"));
        Path local = Files.createDirectory(work.resolve("local"));
        Path back = Files.createDirectory(work.resolve("back"));
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            writeRandom(local.resolve("d" + i % 4).resolve("f" + i + ".bin"), 1 + random.nextInt(200 * 1024), random);
        }
        // in the middle of the others: one already here, one half downloaded (its .part), read on the same sessions
        Files.createDirectories(back.resolve("d1"));
        Files.copy(local.resolve("d1/f5.bin"), back.resolve("d1/f5.bin"));
        byte[] nine = Files.readAllBytes(local.resolve("d1/f9.bin"));
        Files.write(back.resolve("d1/f9.bin.part"), java.util.Arrays.copyOf(nine, nine.length / 2));
        try (TestServer server = TestServer.on(root).start()) {
            String port = String.valueOf(server.port());
            assertThat(files(port, "mirror", "-R", "--parallel", "2", local.toString(), "t").status()).isZero();
            // the local folder as a user may write it (`./restored`): a dot segment in it does not put every file outside it
            Run down = files(port, "mirror", "--parallel", "2", "t", work + "/./back");
            assertThat(down.status()).as(down.out() + down.err()).isZero();
            assertThat(down.out()).contains("mirror: 39 copied", "1 unchanged", "0 failed", "resuming");
            assertThat(tree(back)).isEqualTo(tree(local));
        }
    }

    @Test
    void aTreeWhoseFoldersAreMadeInTheSameStreamAsItsFilesRoundTripsByteExact() throws IOException {
        // uneven subtrees, four levels deep: each session makes a subtree's folders and sends its files without waiting
        Path root = Files.createDirectory(work.resolve("root"));
        Path local = Files.createDirectory(work.resolve("local"));
        Path back = work.resolve("back");
        Random random = new Random(36);
        for (int i = 0; i < 90; i++) {
            writeRandom(local.resolve("top-" + i % 5).resolve("mid-" + i % 3).resolve("low-" + i % 2).resolve("deep-" + i % 4)
                    .resolve("file-" + i + ".bin"), random.nextInt(i % 5 == 0 ? 256 * 1024 : 8 * 1024), random);
        }
        Files.createDirectories(local.resolve("top-1/empty/below"));
        Files.writeString(local.resolve("at-the-top.txt"), "top");
        try (TestServer server = TestServer.on(root).start()) {
            String port = String.valueOf(server.port());
            for (String parallel : new String[] {"1", "3", "4"}) {
                Run up = files(port, "mirror", "-R", "--parallel", parallel, local.toString(), "up-" + parallel);
                assertThat(up.status()).as(up.out() + up.err()).isZero();
                assertThat(up.out()).contains("mirror: 91 copied", "0 failed");
                assertThat(up.out()).doesNotContain("error:");
                assertThat(tree(root.resolve("up-" + parallel))).isEqualTo(tree(local));
                assertThat(root.resolve("up-" + parallel + "/top-1/empty/below")).isDirectory();
            }
            Run down = files(port, "mirror", "--parallel", "4", "up-4", back.toString());
            assertThat(down.status()).as(down.err()).isZero();
            assertThat(tree(back)).isEqualTo(tree(local));
        }
    }

    @Test
    void aRefusedFolderFailsEverythingBelowItWithStatus1AndTheRestIsStored() throws IOException {
        Path root = Files.createDirectory(work.resolve("root"));
        Path local = Files.createDirectory(work.resolve("local"));
        Files.createDirectories(local.resolve("docs/2026"));
        Files.writeString(local.resolve("docs/2026/report.txt"), "report");
        Files.writeString(local.resolve("docs/notes.txt"), "notes");
        Files.createDirectories(local.resolve("photos"));
        Files.writeString(local.resolve("photos/a.jpg"), "a photo");
        try (TestServer server = TestServer.on(root).start()) {
            String port = String.valueOf(server.port());
            for (String parallel : new String[] {"1", "4"}) {
                // on the server a file is named like the folder: its MKDIR is refused
                Path there = Files.createDirectories(root.resolve("up-" + parallel));
                Files.writeString(there.resolve("docs"), "a file, not a folder");
                Run up = files(port, "mirror", "-R", "--parallel", parallel, local.toString(), "up-" + parallel);
                assertThat(up.status()).as(up.out()).isEqualTo(1);
                assertThat(up.out()).contains("error: docs: ", "mirror: 1 copied", "4 failed");
                assertThat(up.out()).containsPattern("error: docs/2026: .*its folder docs was not made");
                assertThat(up.out()).containsPattern("error: docs/2026/report.txt: .*its folder docs was not made");
                assertThat(up.out()).containsPattern("error: docs/notes.txt: .*its folder docs was not made");
                assertThat(there.resolve("photos/a.jpg")).hasContent("a photo");
                assertThat(there.resolve("docs")).hasContent("a file, not a folder");
            }
        }
    }

    private record Run(int status, String out, String err) {
    }

    /** A file of {@code size} bytes from {@code random}, its folders made. */
    private static void writeRandom(Path file, int size, Random random) throws IOException {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static Run files(String port, String... args) {
        return run(Stream.concat(Stream.of("--port", port, "-q"), Stream.of(args)).toArray(String[]::new));
    }

    private static Run run(String... all) {
        return runWith("", all);
    }

    /** The client with {@code input} as its standard input (the prompt reads its lines from it). */
    private static Run runWith(String input, String... all) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var client = FileClient.commandLine(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int status = FileClient.closingSession(client, client).execute(all);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every file under {@code top} by relative path, with its bytes as a string of hex digits' hash. */
    private static Map<String, String> tree(Path top) throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                found.put(top.relativize(path).toString(), java.util.HexFormat.of().formatHex(sha256(Files.readAllBytes(path))));
            }
        }
        return found;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
