package dev.netservices.files.session;

import java.util.List;
import java.util.Locale;

import dev.netservices.common.text.DecimalNumber;

import dev.netservices.files.session.Command.Delete;
import dev.netservices.files.session.Command.Get;
import dev.netservices.files.session.Command.Help;
import dev.netservices.files.session.Command.Invalid;
import dev.netservices.files.session.Command.ListFiles;
import dev.netservices.files.session.Command.Login;
import dev.netservices.files.session.Command.MakeFolder;
import dev.netservices.files.session.Command.RemoveFolder;
import dev.netservices.files.session.Command.Put;
import dev.netservices.files.session.Command.Quota;
import dev.netservices.files.session.Command.Quit;
import dev.netservices.files.session.Command.Rename;
import dev.netservices.files.session.Command.Stat;

/**
 * Turns a line into a {@link Command}. Command words are case-insensitive. A name is everything
 * between the command word and the trailing number, so names may hold spaces (but not begin or end
 * with one); for {@code GET} a trailing all-digit word is read as the offset, so {@code GET a 5}
 * means "a from byte 5" and the file called {@code a 5} is fetched with {@code GET a 5 0}.
 */
public final class CommandParser {

    /** Help text, also used in the greeting. */
    public static final String COMMANDS = "LIST [path], GET <path> [offset], PUT <path> <size>, STAT <path>, DELETE <path>, "
            + "RENAME <old> <new>, MKDIR <path>, RMDIR <path>, QUOTA, LOGIN <name> <password>, HELP, QUIT (aliases L, G, P, Q)";

    private CommandParser() {
    }

    public static Command parse(String line) {
        String trimmed = stripSpaces(line);
        if (trimmed.isEmpty()) {
            return usage("empty line; commands: " + COMMANDS);
        }
        int tab = trimmed.indexOf('\t');
        int space = tab < 0 ? trimmed.indexOf(' ') : trimmed.indexOf(' ') < 0 ? tab : Math.min(tab, trimmed.indexOf(' '));
        String word = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : stripSpaces(trimmed.substring(space + 1));
        return switch (word) {
            case "LIST", "L" -> new ListFiles(TOP_FOLDER.contains(rest) ? "" : folder(rest));
            case "QUOTA" -> rest.isEmpty() ? new Quota() : usage("QUOTA takes no arguments");
            case "MKDIR" -> rest.isEmpty() ? usage("usage: MKDIR <path>") : new MakeFolder(folder(rest));
            case "RMDIR" -> rest.isEmpty() ? usage("usage: RMDIR <path>") : new RemoveFolder(folder(rest));
            case "GET", "G" -> get(rest);
            case "PUT", "P" -> put(rest);
            case "STAT" -> new Stat(TOP_FOLDER.contains(rest) ? "" : rest);
            case "DELETE" -> rest.isEmpty() ? usage("usage: DELETE <name>") : new Delete(rest);
            case "RENAME" -> rename(rest);
            case "LOGIN" -> login(rest);
            case "HELP", "H", "?" -> new Help();
            case "QUIT", "Q" -> new Quit();
            default -> usage("unknown command " + quoted(word) + "; commands: " + COMMANDS);
        };
    }

    /** How {@code STAT} and {@code LIST} name the session's top folder: nothing, {@code /} or {@code .} (the only places those are paths). */
    private static final java.util.Set<String> TOP_FOLDER = java.util.Set.of("", "/", ".");

    /** A folder may be written with a trailing {@code /}, as listings show it. */
    private static String folder(String rest) {
        return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
    }

    private static Command get(String rest) {
        if (rest.isEmpty()) {
            return usage("usage: GET <name> [offset]");
        }
        int lastSpace = lastGap(rest);
        if (lastSpace > 0 && isDigits(rest.substring(lastSpace + 1))) {
            long offset = number(rest.substring(lastSpace + 1));
            if (offset < 0) {
                return usage("offset is too large");
            }
            return new Get(stripSpaces(rest.substring(0, lastSpace)), offset);
        }
        return new Get(rest, 0);
    }

    private static Command put(String rest) {
        int lastSpace = lastGap(rest);
        if (lastSpace <= 0) {
            return usage("usage: PUT <path> <size> (then exactly <size> bytes) or PUT <path> <size> <offset> (then wait for OK)");
        }
        String size = rest.substring(lastSpace + 1);
        if (!isDigits(size)) {
            return unframed("size must be a whole number of bytes, was " + quoted(size));
        }
        long bytes = number(size);
        if (bytes < 0) {
            return unframed("size %s is more than any file can hold (%d bytes)".formatted(quoted(size), Long.MAX_VALUE));
        }
        String head = stripSpaces(rest.substring(0, lastSpace));
        int before = lastGap(head);
        if (before > 0 && isDigits(head.substring(before + 1))) {
            // PUT <path> <size> <offset>: two trailing numbers make the resumable form (as GET's offset, a
            // file whose name ends in " 5" is uploaded with this form and offset 0)
            long whole = number(head.substring(before + 1));
            if (whole < 0) {
                // the resumable form: the client waits for OK before its body, so the session goes on
                return usage("size %s is more than any file can hold (%d bytes)"
                        .formatted(quoted(head.substring(before + 1)), Long.MAX_VALUE));
            }
            if (bytes > whole) {
                return usage("offset %d is past the size %d".formatted(bytes, whole));
            }
            return new Put(stripSpaces(head.substring(0, before)), whole, bytes);
        }
        return new Put(head, bytes);
    }

    private static Command login(String rest) {
        int space = rest.indexOf(' ');
        if (space <= 0 || rest.substring(space + 1).isBlank()) {
            return usage("usage: LOGIN <name> <password>");
        }
        return new Login(rest.substring(0, space), rest.substring(space + 1));
    }

    private static Command rename(String rest) {
        List<String> names = QuotedNames.split(rest);
        if (names == null || names.size() != 2) {
            return usage("usage: RENAME <old> <new> (quote a name with spaces: \"my notes\")");
        }
        if (names.contains("")) {
            // "" would be the top folder: the store would try to move the whole library into itself
            return usage("usage: RENAME <old> <new> (a name is empty)");
        }
        return new Rename(names.get(0), names.get(1));
    }

    /**
     * Only ASCII spaces and tabs separate words: {@link String#strip()} would also remove an
     * ideographic space (U+3000) at a name's end, silently storing a name other than the one sent.
     */
    private static String stripSpaces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * Where the last word before a trailing number begins: a space or a tab, as {@link #stripSpaces} and the command word
     * take both. With spaces only, {@code PUT a.txt<TAB>5} was a usage error after which the session went on, and its
     * body ran as commands.
     */
    private static int lastGap(String s) {
        return Math.max(s.lastIndexOf(' '), s.lastIndexOf('\t'));
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The value, or -1 when it has more digits than a file size could need (leading zeros do not count). */
    private static long number(String digits) {
        return DecimalNumber.parse(digits.replaceFirst("^0+(?=.)", ""));
    }

    private static Invalid usage(String message) {
        return new Invalid(Reply.error(ReplyCode.BAD_COMMAND, message));
    }

    /**
     * A {@code PUT} whose size cannot be read: its body may follow, and with no length nothing tells it from the next
     * commands (a file holding "DELETE x" lines would run them), so the session ends, as HTTP ends a connection
     * whose Content-Length is unreadable.
     */
    private static Invalid unframed(String message) {
        return new Invalid(Reply.error(ReplyCode.BAD_COMMAND, message).closing("the body's length is unknown; closing"), true);
    }

    /**
     * What the client sent, quoted in a reply: at most 40 characters, each control character as a backslash escape
     * ({@code x1B} for ESC, {@code u0085} above ASCII), so a NUL or an ESC sequence sent with nc comes back as text, never
     * as a command to the terminal that shows the reply.
     */
    private static String quoted(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder quoted = new StringBuilder("'");
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (Character.isISOControl(c)) {
                quoted.append(c < 0x80 ? "\\x%02X".formatted((int) c) : "\\u%04X".formatted((int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('\'').toString();
    }
}
