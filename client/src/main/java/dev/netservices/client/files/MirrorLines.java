package dev.netservices.client.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lines a mirror prints, one per file: gathered in a buffer when standard output is known not to be a terminal (a
 * pipe, a file, {@code /dev/null}), so 2,000 files cost a few writes instead of 2,000 flushed ones; line by line
 * otherwise, so a user watching sees each file as it lands. The buffer is flushed after each error line, before a
 * transfer that prints its own lines, and at the end.
 */
final class MirrorLines {

    /** Where standard output goes, as Linux tells it; elsewhere it cannot be told, and lines go out one by one. */
    private static final Path STANDARD_OUTPUT = Path.of("/proc/self/fd/1");

    private final PrintStream lines;

    private MirrorLines(PrintStream lines) {
        this.lines = lines;
    }

    /** Lines for {@code out}, buffered when standard output is known not to be a terminal. */
    static MirrorLines to(PrintStream out) {
        return new MirrorLines(isKnownNotTerminal() ? new PrintStream(new BufferedOutputStream(out, 1 << 16), false, StandardCharsets.UTF_8) : out);
    }

    void println(String line) {
        lines.println(line);
    }

    /** An error line, out at once. */
    void error(String line) {
        lines.println(line);
        lines.flush();
    }

    void flush() {
        lines.flush();
    }

    private static boolean isKnownNotTerminal() {
        String target;
        try {
            target = Files.readSymbolicLink(STANDARD_OUTPUT).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
        return !(target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console"));
    }
}
