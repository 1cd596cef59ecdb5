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
        CommandLine tree = lean ? Main.commandLine(in, outStream, errStream, args[0]) : Main.commandLine(in, outStream, errStream);
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
        };
        for (String[] args : runs) {
            assertThat(run(CommandLine.Help.Ansi.OFF, true, args)).as(String.join(" ", args)).isEqualTo(run(CommandLine.Help.Ansi.OFF, false, args));
        }
    }
}
