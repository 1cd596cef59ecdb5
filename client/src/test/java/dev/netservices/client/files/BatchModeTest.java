package dev.netservices.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.client.Main;

/**
 * {@code -c} and {@code -f} scripts against a small server on a real socket that knows two files and
 * nothing else: they run in order and stop at the first failure with status 1, as lftp's cmd:fail-exit.
 */
class BatchModeTest {

    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ScriptedFileServer server;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedFileServer("OK files server ready\r\n", line -> switch (line) {
            case "LIST" -> "OK 20\r\n5 a.txt\r\n7 b c.txt\r\n";
            case "STAT a.txt" -> "OK 5 " + "0".repeat(64) + " a.txt\r\n";
            case "STAT docs" -> "OK folder 2 entries docs/\r\n";
            default -> "ERR 404 no such file: " + line.substring(line.indexOf(' ') + 1) + "\r\n";
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private int files(InputStream stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("files", "--port", String.valueOf(server.port()), "--dir", work.toString()));
        all.addAll(List.of(args));
        return Main.commandLine(stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(all.toArray(String[]::new));
    }

    @Test
    void commandsFromDashCRunInOrderAndSucceed() {
        assertThat(files(InputStream.nullInputStream(), "-c", "list; stat 1; STAT 'a.txt'")).as(err.toString()).isZero();
        assertThat(server.commandsSeen()).containsExactly("LIST", "STAT a.txt", "STAT a.txt", "QUIT");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("   2         7 B  b c.txt").contains("a.txt: 5 bytes");
    }

    @Test
    void aSingleCommandNamedLikeASubcommandIsTheScriptNotTheSubcommand() {
        assertThat(files(InputStream.nullInputStream(), "-c", "ls")).as(err.toString()).isZero();
        assertThat(files(InputStream.nullInputStream(), "-c", "rm")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required parameter: 'NAME'");
        assertThat(server.commandsSeen()).containsExactly("LIST", "QUIT");
    }

    @Test
    void getOfAFolderSaysItIsAFolderNotThatTheServerIsMalformed() {
        // the folder's STAT reply is well formed: it was told as "malformed reply from the server: OK folder ..."
        assertThat(files(InputStream.nullInputStream(), "get", "docs")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: docs is a folder on the server (mirror copies a folder tree)")
                .doesNotContain("malformed");
        assertThat(server.commandsSeen()).containsExactly("STAT docs", "QUIT");
    }

    @Test
    void dashCStopsAtTheFirstFailureWithStatusOne() {
        assertThat(files(InputStream.nullInputStream(), "-c", "list; stat missing.txt; stat a.txt")).isEqualTo(1);
        assertThat(server.commandsSeen()).containsExactly("LIST", "STAT missing.txt", "QUIT");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: no such file: missing.txt");
    }

    @Test
    void aMistypedCommandStopsAScriptToo() {
        assertThat(files(InputStream.nullInputStream(), "-c", "lsit; list")).isEqualTo(1);
        assertThat(server.commandsSeen()).doesNotContain("LIST");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'lsit'");
    }

    @Test
    void aScriptFileRunsLineByLineSkippingCommentsAndStopsAtTheFirstFailure() throws IOException {
        Path script = Files.writeString(work.resolve("script.txt"), "# fetch the report\nlist\n\nstat a.txt\nget nothing.bin\nlist\n");
        assertThat(files(InputStream.nullInputStream(), "-f", script.toString())).isEqualTo(1);
        assertThat(server.commandsSeen()).containsExactly("LIST", "STAT a.txt", "STAT nothing.bin", "QUIT");
    }

    @Test
    void aScriptFromStandardInput() {
        InputStream stdin = new ByteArrayInputStream("list\nquit\nstat missing\n".getBytes(StandardCharsets.UTF_8));
        assertThat(files(stdin, "-f", "-")).isZero();
        assertThat(server.commandsSeen()).containsExactly("LIST", "QUIT");
    }

    @Test
    void aMissingScriptIsAFailureSayingWhich() {
        assertThat(files(InputStream.nullInputStream(), "-f", work.resolve("nope.txt").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read script").contains("nope.txt: no such file or folder");
    }

    /** The JDK's file exceptions carry only the path: the error says what is wrong with it. */
    @Test
    void aDownloadFolderThatIsAFileIsRefusedSayingWhy() throws IOException {
        Path file = Files.writeString(work.resolve("plain.txt"), "not a folder");
        int status = Main.commandLine(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute("files", "--port", String.valueOf(server.port()), "--dir", file.toString(), "-c", "get a.txt");
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("cannot use download folder " + file + ": a file of that name is in the way");
    }

    @Test
    void commandsPipedIntoThePromptGoOnAfterAFailureButTheStatusSaysSo() {
        InputStream stdin = new ByteArrayInputStream("stat missing\nlist\n".getBytes(StandardCharsets.UTF_8));
        assertThat(files(stdin)).isEqualTo(1);
        assertThat(server.commandsSeen()).containsExactly("STAT missing", "LIST", "QUIT");
    }

    @Test
    void commandsAreCaseInsensitiveEvenInATurkishLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertThat(files(InputStream.nullInputStream(), "-c", "LIST; Stat A.TXT; quit")).isEqualTo(1);
            assertThat(server.commandsSeen()).containsExactly("LIST", "STAT A.TXT", "QUIT");
            server.commandsSeen().clear();
            assertThat(files(InputStream.nullInputStream(), "LIST")).isZero();
            assertThat(server.commandsSeen()).containsExactly("LIST", "QUIT");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void lcdAndLlsWorkOnTheLocalFolder() throws IOException {
        Files.createDirectories(work.resolve("inbox"));
        Files.writeString(work.resolve("inbox/notes.txt"), "hello");
        Files.writeString(work.resolve("inbox/.hidden"), "x");
        assertThat(files(InputStream.nullInputStream(), "-c", "lcd " + work.resolve("inbox") + "; lls")).as(err.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("local folder: " + work.resolve("inbox").toRealPath())
                .contains("5 B  notes.txt").doesNotContain(".hidden");
        assertThat(files(InputStream.nullInputStream(), "-c", "lcd nowhere")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a folder");
    }
}
