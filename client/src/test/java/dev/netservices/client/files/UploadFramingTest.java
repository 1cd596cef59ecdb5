package dev.netservices.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.client.Main;

/**
 * An upload's body reaches the server only as the body of the command the server reads: never where it would take
 * the bytes for commands. The server here frames bodies as the file-service does (docs/file-protocol.md): a line is a
 * command, the bytes after a go-ahead are a body, so a body sent out of step shows up in {@code commandsSeen}.
 */
class UploadFramingTest {

    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ScriptedFileServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private int files(String... args) {
        List<String> all = new ArrayList<>(List.of("files", "--port", String.valueOf(server.port()), "--dir", work.toString(), "-q"));
        all.addAll(List.of(args));
        return Main.commandLine(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(all.toArray(String[]::new));
    }

    @Test
    void mirrorUpOfAFileWhoseNameEndsInANumberNeverSendsItsBodyAsCommands() throws IOException {
        // "PUT m/note 1 13" is the resumable form to the server (note, size 1, offset 13): refused without taking the
        // body, whose line then ran as a command; a file holding "DELETE new1" deleted new1 on the server
        Path up = Files.createDirectories(work.resolve("up"));
        Files.writeString(up.resolve("note 1"), "DELETE new1\r\n");
        server = new ScriptedFileServer("OK files server ready\r\n", line -> switch (line) {
            case "MKDIR m" -> "OK made folder m\r\n";
            case "LIST m" -> "OK 0 bytes follow: 0 files, 0 folders\r\n";
            case "STAT m" -> "OK folder 0 entries m/\r\n";
            case "PUT m/note 1 13 0" -> "OK send 13 bytes from 0\r\n";
            default -> "ERR 400 not expected here: " + line + "\r\n";
        });

        int status = files("mirror", "-R", up.toString(), "m");

        assertThat(server.commandsSeen()).as(err.toString(StandardCharsets.UTF_8)).contains("PUT m/note 1 13 0")
                .doesNotContain("DELETE new1");
        assertThat(status).as(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8) + server.commandsSeen()).isZero();
    }

    @Test
    void theClassicFormIsKeptForNamesItFrames() {
        assertThat(PipelinedPuts.framesAsClassic("docs/2026/report.pdf")).isTrue();
        assertThat(PipelinedPuts.framesAsClassic("my notes.txt")).isTrue();
        assertThat(PipelinedPuts.framesAsClassic("volume 2/notes")).isTrue();
        assertThat(PipelinedPuts.framesAsClassic("notes 2")).isFalse();
        assertThat(PipelinedPuts.framesAsClassic("a/b 007")).isFalse();
    }

    @Test
    void putToTheTopFolderIsRefusedBeforeAnythingIsSent() throws IOException {
        // "PUT  2 0" is, to the server, a classic PUT of a file named 2 with no body: it stored an empty "2", and the
        // file's two bytes were then read as the start of the next command
        Files.writeString(work.resolve("local.txt"), "hi");
        server = new ScriptedFileServer("OK files server ready\r\n", line -> "ERR 400 not expected here: " + line + "\r\n");

        for (String top : List.of("/", "..", ".")) {
            assertThat(files("put", work.resolve("local.txt").toString(), top)).isEqualTo(1);
        }

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: / is a folder; give the upload a file name (put FILE PATH)");
        assertThat(server.commandsSeen()).noneMatch(line -> line.startsWith("PUT"));
    }

    @Test
    void aNameWithALineBreakIsAnErrorNotAStackTraceAndNothingIsSent() throws IOException {
        Files.writeString(work.resolve("local.txt"), "hi");
        server = new ScriptedFileServer("OK files server ready\r\n", line -> "ERR 400 not expected here: " + line + "\r\n");

        assertThat(files("stat", "a\nb")).isEqualTo(1);
        assertThat(files("put", work.resolve("local.txt").toString(), "a\rb")).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: cannot send 'STAT a\\nb': a name cannot hold a line break",
                "error: cannot send 'a\\rb': a name cannot hold a line break").doesNotContain("Exception");
        assertThat(server.commandsSeen()).containsOnly("QUIT");
    }

    @Test
    void anUploadAnsweredWithAnythingButItsGoAheadSendsNoBody() throws IOException {
        Files.writeString(work.resolve("local.txt"), "DELETE x\r\n");
        server = new ScriptedFileServer("OK files server ready\r\n", line -> line.startsWith("PUT ")
                ? "OK 0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\r\n"
                : "ERR 400 not expected here: " + line + "\r\n");

        assertThat(files("put", work.resolve("local.txt").toString(), "x.txt")).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: the server answered PUT with 'OK 0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'"
                + " where 'OK send 10 bytes from 0' was due");
        assertThat(server.commandsSeen()).containsExactly("PUT x.txt 10 0").doesNotContain("DELETE x");
    }
}
