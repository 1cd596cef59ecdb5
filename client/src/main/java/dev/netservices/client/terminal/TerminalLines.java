package dev.netservices.client.terminal;

import java.io.IOException;
import java.nio.file.Path;

import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Lines typed at a terminal through JLine: editing, history kept in a file in the user's home
 * ({@code ~/.netservices_<client>_history}), completion; lines that arrive meanwhile are printed above the
 * line being typed, which JLine then redraws intact.
 */
public final class TerminalLines implements LineSource, Screen {

    private final Terminal terminal;
    private final LineReader reader;
    private final boolean interruptEnds;

    private TerminalLines(Terminal terminal, LineReader reader, boolean interruptEnds) {
        this.terminal = terminal;
        this.reader = reader;
        this.interruptEnds = interruptEnds;
    }

    /**
     * The system terminal. {@code interruptEnds}: Ctrl-C ends the input as Ctrl-D does (the chat), or
     * only drops the line being typed (the file prompt).
     */
    public static TerminalLines open(String client, Completer completer, boolean interruptEnds) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        if (terminal.getWidth() <= 0) {
            // a pseudo-terminal nobody sized (script, ssh -T, CI): lines would be drawn as ">...."
            terminal.setSize(new Size(80, 24));
        }
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName(client)
                .completer(completer)
                .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".netservices_" + client + "_history"))
                .variable(LineReader.HISTORY_SIZE, 1000)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .build();
        return new TerminalLines(terminal, reader, interruptEnds);
    }

    @Override
    public String readLine(String prompt) {
        while (true) {
            try {
                return reader.readLine(prompt);
            } catch (EndOfFileException e) {
                return null;
            } catch (UserInterruptException e) {
                if (interruptEnds) {
                    return null;
                }
            }
        }
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public void show(String line) {
        reader.printAbove(line);
    }

    @Override
    public void close() throws IOException {
        if (reader.isReading()) {
            // the session ended while a line was being typed: leave it, and the shell's prompt, on lines of their own
            terminal.writer().println();
            terminal.flush();
        }
        try {
            reader.getHistory().save();
        } finally {
            terminal.close();
        }
    }
}
