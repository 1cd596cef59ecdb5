package dev.netservices.files.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.client.files.FileClient;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** The terminal client from the client module against a running file server. */
class ClientAgainstServiceTest {

    @TempDir
    Path work;

    private Path library;
    private Path downloads;
    private TestServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        library = Files.createDirectory(work.resolve("library"));
        downloads = work.resolve("downloads");
        server = TestServer.on(library).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void scriptedPutListAndGetMoveTheSameBytes() throws IOException {
        byte[] content = random(3_000_000);
        Path local = Files.write(work.resolve("report.bin"), content);

        assertThat(client(null, "put", local.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("uploaded report.bin (3000000 bytes, sha256 " + Wire.sha256(content) + " verified)");
        assertThat(Files.readAllBytes(library.resolve("report.bin"))).isEqualTo(content);

        assertThat(client(null, "list")).isZero();
        assertThat(out.toString()).contains("1  ").contains("2.9 MiB  report.bin");

        assertThat(client(null, "get", "report.bin")).as(err.toString()).isZero();
        assertThat(Files.readAllBytes(downloads.resolve("report.bin"))).isEqualTo(content);
        assertThat(err.toString()).as("progress bar").contains("get report.bin [##############################] 100%");
    }

    @Test
    void interruptedDownloadResumesFromThePartFile() throws IOException {
        byte[] content = random(2_000_000);
        Files.write(library.resolve("movie.bin"), content);
        Files.createDirectories(downloads);
        Files.write(downloads.resolve("movie.bin.part"), Arrays.copyOf(content, 700_000));

        assertThat(client(null, "get", "movie.bin")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("resuming movie.bin at byte 700000").contains("verified");
        assertThat(Files.readAllBytes(downloads.resolve("movie.bin"))).isEqualTo(content);
        assertThat(downloads.resolve("movie.bin.part")).doesNotExist();
        assertThat(server.registry().get("files.sent").counter().count()).isEqualTo(1_300_000);
    }

    @Test
    void serverRefusalsAreShownAndExitNonZero() throws IOException {
        Files.writeString(library.resolve("taken.txt"), "already here");
        Path local = Files.writeString(work.resolve("taken.txt"), "mine");
        assertThat(client(null, "put", local.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("error: taken.txt already exists and overwriting is off");
        assertThat(client(null, "get", "missing.txt")).isEqualTo(1);
        assertThat(err.toString()).contains("error: no such file: missing.txt");
        assertThat(library.resolve("taken.txt")).hasContent("already here");
    }

    @Test
    void interactivePromptGuidesListGetPutAndQuit() throws IOException {
        Files.writeString(library.resolve("hello.txt"), "hello there");
        Path local = Files.writeString(work.resolve("notes.txt"), "my notes");
        String typed = "list\nget 1\nput " + local + "\nlist\nfrobnicate\nquit\n";
        assertThat(client(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)))).isZero();
        String transcript = out.toString();
        assertThat(transcript).contains("Connected to 127.0.0.1:" + server.port() + " - OK files server ready")
                .contains("Commands:").contains("files> ")
                .contains("   1        11 B  hello.txt")
                .contains("saved " + downloads.toRealPath().resolve("hello.txt"))
                .contains("uploaded notes.txt (8 bytes")
                .contains("   2         8 B  notes.txt")
                .contains("unknown command 'frobnicate'; type help")
                .contains("bye");
        assertThat(downloads.resolve("hello.txt")).hasContent("hello there");
        assertThat(library.resolve("notes.txt")).hasContent("my notes");
    }

    private int client(InputStream stdin, String... command) {
        out.reset();
        err.reset();
        String[] args = new String[] {"--host", "127.0.0.1", "--port", String.valueOf(server.port()), "--dir", downloads.toString()};
        String[] all = Arrays.copyOf(args, args.length + command.length);
        System.arraycopy(command, 0, all, args.length, command.length);
        return FileClient.run(all, stdin == null ? InputStream.nullInputStream() : stdin,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
