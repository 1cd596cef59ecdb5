package dev.netservices.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.client.Main;

/**
 * The file client against a server that lies, on a real socket: names, greetings and {@code ERR} texts full
 * of terminal commands reach the screen as visible escapes, and declared sizes no disk or memory could hold
 * end the command with a message, never a huge file or a stack trace.
 */
class HostileServerTest {

    private static final String SHA256 = "0".repeat(64);
    private static final long FOUR_EIB = 1L << 62;
    private static final String THEN_CLOSE = ScriptedFileServer.THEN_CLOSE;

    @TempDir
    Path downloads;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ScriptedFileServer server;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedFileServer("OK files\u001b]0;owned\u0007 ready\r\n", command -> "ERR 400 unknown command\r\n");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private int files(InputStream stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("files", "--port", String.valueOf(server.port()), "--dir", downloads.toString(), "-q"));
        all.addAll(List.of(args));
        return Main.commandLine(stdin, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(all.toArray(String[]::new));
    }

    private int files(String... args) {
        return files(InputStream.nullInputStream(), args);
    }

    private static String listing(String... lines) {
        String body = String.join("", lines);
        return "OK " + body.getBytes(StandardCharsets.UTF_8).length + " bytes, " + lines.length + " files\r\n" + body;
    }

    @Test
    void namesInAListingAndErrTextsArePrintedAsVisibleEscapesOneLineEach() {
        server.answerWith(command -> switch (command) {
            case "LIST" -> listing("5 a\u001b[2Jb.txt\r\n", "7 x\rinvoice.pdf\r\n", "9 two\nlines\r\n", "3 report\u202efdp.exe\r\n");
            default -> "ERR 404 no such file: \u001b]0;owned\u0007\rOK deleted everything\u202e\r\n";
        });
        assertThat(files("-c", "ls; stat 1")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                   1         5 B  a\\e[2Jb.txt
                   2         7 B  x\\rinvoice.pdf
                   3         9 B  two\\nlines
                   4         3 B  report\\u202Efdp.exe
                """);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("error: no such file: \\e]0;owned\\x07\\rOK deleted everything\\u202E\n");
        assertThat(server.commandsSeen()).containsExactly("LIST", "STAT a\u001b[2Jb.txt", "QUIT");
    }

    @Test
    void theGreetingAndTheServersWordsArePrintedAsVisibleEscapes() {
        server.answerWith(command -> "OK deleted\u001b[1A\u001b[2K " + command.substring(7) + "\r\n");
        assertThat(files(new ByteArrayInputStream("rm a.txt\n".getBytes(StandardCharsets.UTF_8)))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .contains("Connected to localhost:" + server.port() + " - OK files\\e]0;owned\\x07 ready")
                .contains("files> deleted\\e[1A\\e[2K a.txt");
    }

    @Test
    void aLineOf65KilobytesIsCutAt4096Characters() {
        String name = "n".repeat(65_000);
        server.answerWith(command -> listing("1 " + name + "\r\n"));
        assertThat(files("ls")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("   1         1 B  " + "n".repeat(4096) + "… (60904 more)\n");
    }

    @Test
    void aDownloadLargerThanTheFreeSpaceIsRefusedBeforeAByteIsAsked() {
        server.answerWith(command -> "OK " + FOUR_EIB + " " + SHA256 + " huge.bin\r\n");
        assertThat(files("get", "huge.bin")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).matches(
                "error: cannot get huge\\.bin: it needs 4\\.0 EiB \\(4611686018427387904 bytes\\) but .+ has [0-9.]+ [KMGT]?i?B free\n");
        assertThat(server.commandsSeen()).containsExactly("STAT huge.bin", "QUIT");
        assertThat(downloads).isEmptyDirectory();
    }

    @Test
    void aGetAnnouncingMoreThanTheStatSaidIsRefusedAndNothingIsWritten() {
        server.answerWith(command -> command.startsWith("STAT") ? "OK 5 " + SHA256 + " liar.bin\r\n" : "OK " + FOUR_EIB + "\r\n");
        assertThat(files("get", "liar.bin")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: the server announced 4611686018427387904 bytes of liar.bin "
                + "from byte 0 where its STAT left 5; nothing was written (did the file change? get it again)\n");
        assertThat(downloads).isEmptyDirectory();
    }

    @Test
    void badSizesInAListingFailWithAMessageNotAStackTrace() {
        server.answerWith(command -> "OK 99999999999999999999 bytes, 1 files\r\n");
        assertThat(files("ls")).isEqualTo(1);
        server.answerWith(command -> "OK " + FOUR_EIB + " bytes, 1 files\r\n");
        assertThat(files("ls")).isEqualTo(1);
        server.answerWith(command -> listing("x12 a.txt\r\n"));
        assertThat(files("ls")).isEqualTo(1);
        server.answerWith(command -> listing("-5 a.txt\r\n"));
        assertThat(files("ls")).isEqualTo(1);
        server.answerWith(command -> "OK 100 bytes, 1 files\r\n12 a.txt\r\n" + THEN_CLOSE);
        assertThat(files("ls")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("""
                error: malformed reply from the server: OK 99999999999999999999 bytes, 1 files
                error: the server announced a listing of 4611686018427387904 bytes; this client reads at most 1073741824
                error: malformed line in the server's listing: x12 a.txt
                error: malformed line in the server's listing: -5 a.txt
                error: the connection closed after 10 of the listing's 100 bytes
                """);
        // a listing is printed as it arrives: the line before the connection closed is shown
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("   1        12 B  a.txt" + System.lineSeparator());
    }

    @Test
    void aStatWithoutADigestOrWithASizeBeyondAnyFileFailsWithAMessage() {
        server.answerWith(command -> "OK 12\r\n");
        assertThat(files("stat", "a.txt")).isEqualTo(1);
        server.answerWith(command -> "OK 99999999999999999999 " + SHA256 + " a.txt\r\n");
        assertThat(files("stat", "a.txt")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: malformed reply from the server: OK 12\n"
                + "error: malformed reply from the server: OK 99999999999999999999 " + SHA256 + " a.txt\n");
    }
}
