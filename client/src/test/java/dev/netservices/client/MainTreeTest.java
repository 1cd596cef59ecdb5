package dev.netservices.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class MainTreeTest {

    private record Run(int status, String out, String err) {
    }

    private static Run run(CommandLine.Help.Ansi ansi, boolean lean, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[0]);
        CommandLine tree = lean ? Main.commandLine(in, outStream, errStream, args) : Main.commandLine(in, outStream, errStream);
        int status = tree.setColorScheme(CommandLine.Help.defaultColorScheme(ansi)).execute(args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRunNamingTheFilesCommandBuildsOnlyThatCommand() {
        CommandLine tree = Main.commandLine(new ByteArrayInputStream(new byte[0]), System.out, System.err, "FILES");

        assertThat(tree.getSubcommands()).containsOnlyKeys("files");
    }

    @Test
    void aRunNamingTheChatBuildsOnlyTheChat() {
        CommandLine tree = Main.commandLine(new ByteArrayInputStream(new byte[0]), System.out, System.err, "chat");

        assertThat(tree.getSubcommands()).containsOnlyKeys("chat");
    }

    @Test
    void aRunNamingAFileCommandBuildsOnlyThatFileCommand() {
        CommandLine tree = Main.commandLine(new ByteArrayInputStream(new byte[0]), System.out, System.err,
                "files", "--port", "9000", "-q", "--dir=down", "GET", "--force", "a.bin");

        assertThat(tree.getSubcommands().get("files").getSubcommands()).containsOnlyKeys("get", "g");
    }

    @Test
    void aFilesRunNamingNoSessionCommandForSureGetsTheWholeTable() {
        String[][] runs = {{"files"}, {"files", "--help", "get"}, {"files", "help"}, {"files", "-qc", "ls"}, {"files", "--", "get"},
                {"files", "--force", "nosuchcommand"}, {"files", "--no-such-option", "get"}};
        for (String[] args : runs) {
            CommandLine tree = Main.commandLine(new ByteArrayInputStream(new byte[0]), System.out, System.err, args);

            assertThat(tree.getSubcommands().get("files").getSubcommands()).as(String.join(" ", args)).containsKeys("list", "get", "put", "help", "quit");
        }
    }

    @Test
    void anythingElseGetsTheWholeTree() {
        for (String first : new String[] {"", "--help", "completion", "file"}) {
            CommandLine tree = Main.commandLine(new ByteArrayInputStream(new byte[0]), System.out, System.err, first);

            assertThat(tree.getSubcommands()).as(first).containsOnlyKeys("chat", "files", "completion");
        }
    }

    @Test
    void theLeanTreeAnswersAsTheWholeOne() {
        String[][] runs = {
                {"files", "--help"}, {"chat", "--help"}, {"files", "get", "--help"}, {"files", "--no-such-option"},
                {"chat", "--no-such-option"}, {"files", "nosuchcommand"}, {"files", "--port", "0", "stat", "x"}, {"FILES", "--version"},
                {"files", "--port", "0", "get"}, {"files", "-q", "get", "--no-such-option", "x"}, {"files", "--dir", "put", "put", "--help"},
                {"files", "-c", "get", "put"}, {"files", "rm", "--help"}, {"files", "mirror", "--help"}, {"files", "help", "get"},
        };
        for (String[] args : runs) {
            assertThat(run(CommandLine.Help.Ansi.OFF, true, args)).as(String.join(" ", args)).isEqualTo(run(CommandLine.Help.Ansi.OFF, false, args));
        }
    }
}
