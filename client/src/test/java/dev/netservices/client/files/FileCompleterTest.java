package dev.netservices.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tab at the files> prompt: commands from the table, remote names from the last listing, local paths for put and lcd. */
class FileCompleterTest {

    @TempDir
    Path local;

    private List<String> complete(String typed) throws IOException {
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        FileClientSession session = new FileClientSession("localhost", 1, new DownloadFolder(local), false, ProgressBar.Style.NONE, out, out,
                new BusyRetry(duration -> { }, out), null, null);
        session.changeFolder(new DownloadFolder(local));
        session.listed("", List.of(new RemoteFile("hello.txt", 5), new RemoteFile("my notes.txt", 7),
                new RemoteFile("\u001b]0;owned\u0007.txt", 3), new RemoteFile("report\u202efdp.exe", 4)));
        FileCompleter completer = new FileCompleter(new FileShell(session, out, out).commands(), session);
        try (DumbTerminal terminal = new DumbTerminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            List<Candidate> candidates = new ArrayList<>();
            completer.complete(reader, new DefaultParser().parse(typed, typed.length()), candidates);
            return candidates.stream().map(Candidate::value).toList();
        }
    }

    @Test
    void theFirstWordCompletesToEveryCommandAndAlias() throws IOException {
        assertThat(complete("")).contains("list", "ls", "get", "put", "stat", "rm", "mv", "lcd", "lls", "help", "quit");
    }

    @Test
    void getStatRmAndMvOfferTheNamesOfTheLastListing() throws IOException {
        assertThat(complete("get h")).containsExactlyInAnyOrder("hello.txt", "my notes.txt");
        assertThat(complete("STAT ")).containsExactlyInAnyOrder("hello.txt", "my notes.txt");
        assertThat(complete("rm ")).contains("hello.txt");
        assertThat(complete("mv ")).contains("hello.txt");
        assertThat(complete("mv hello.txt ")).isEmpty();
    }

    @Test
    void namesThatWouldNotPrintAsThemselvesAreNotOfferedButAskedForByNumber() throws IOException {
        assertThat(complete("get ")).containsExactlyInAnyOrder("hello.txt", "my notes.txt");
    }

    @Test
    void putOffersLocalPathsFromTheLocalFolder() throws IOException {
        Files.writeString(local.resolve("upload-me.txt"), "x");
        Files.createDirectory(local.resolve("reports"));
        assertThat(complete("put up")).anyMatch(value -> value.endsWith("upload-me.txt"));
        assertThat(complete("put ")).anyMatch(value -> value.contains("reports"));
        assertThat(complete("lls ")).isEmpty();
        assertThat(complete("list ")).as("list, cd and rmdir take remote folders").containsExactly("hello.txt", "my notes.txt");
    }
}
