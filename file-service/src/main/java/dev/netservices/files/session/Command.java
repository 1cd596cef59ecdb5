package dev.netservices.files.session;

/**
 * One line of the file protocol, parsed; {@link Invalid} carries the error reply a bad line earns. Who may run each
 * command is one table, {@link #rule()}: a switch over every command with no default branch, so a new command does
 * not compile until it says who may run it, and access is never granted by omission.
 */
public sealed interface Command {

    /** The access a session needs to run this command. */
    default AccessRule rule() {
        return switch (this) {
            case ListFiles list -> AccessRule.reading("LIST");
            case Get get -> AccessRule.reading("GET");
            case Stat stat -> AccessRule.reading("STAT");
            case Quota quota -> AccessRule.reading("QUOTA");
            case Put put -> AccessRule.writing("PUT");
            case Delete delete -> AccessRule.writing("DELETE");
            case Rename rename -> AccessRule.writing("RENAME");
            case MakeFolder mkdir -> AccessRule.writing("MKDIR");
            case RemoveFolder rmdir -> AccessRule.writing("RMDIR");
            case Login login -> AccessRule.ANYONE;
            case Help help -> AccessRule.ANYONE;
            case Quit quit -> AccessRule.ANYONE;
            case Invalid invalid -> AccessRule.ANYONE;
        };
    }

    /** {@code LIST [folder]} / {@code L}: one folder's entries, the top folder's without a path. */
    record ListFiles(String folder) implements Command {
    }

    /** {@code GET <path> [offset]} / {@code G}: the file from {@code offset} to its end. */
    record Get(String name, long offset) implements Command {
    }

    /**
     * {@code PUT <path> <size>} / {@code P}: exactly {@code size} bytes follow the line ({@code offset} is
     * {@link #UNANNOUNCED}). {@code PUT <path> <size> <offset>}: the resumable form, answered before its body
     * ({@code OK send <n> bytes from <offset>} or a refusal), after which the bytes from {@code offset} to {@code size} follow.
     */
    record Put(String name, long size, long offset) implements Command {

        /** The offset of the classic form, whose body follows the line without waiting. */
        public static final long UNANNOUNCED = -1;

        Put(String name, long size) {
            this(name, size, UNANNOUNCED);
        }

        /** Whether the client waits for the go-ahead before it sends the body (and may resume). */
        public boolean resumable() {
            return offset >= 0;
        }

        /** The body bytes that follow the line or the go-ahead. */
        public long bodyBytes() {
            return resumable() ? size - offset : size;
        }
    }

    /** {@code STAT <name>}: size and SHA-256; the empty name is the top folder (its usage and limits). */
    record Stat(String name) implements Command {
    }

    /** {@code DELETE <name>}. */
    record Delete(String name) implements Command {
    }

    /** {@code RENAME <old> <new>}, names with spaces in double quotes. */
    record Rename(String from, String to) implements Command {
    }

    /** {@code QUOTA}: the session's usage and limits. */
    record Quota() implements Command {
    }

    /** {@code MKDIR <path>}: one folder, whose parent exists. */
    record MakeFolder(String path) implements Command {
    }

    /** {@code RMDIR <path>}: an empty folder. */
    record RemoveFolder(String path) implements Command {
    }

    /** {@code LOGIN <name> <password>}; the password never leaves this record except to be checked. */
    record Login(String name, String password) implements Command {
        @Override
        public String toString() {
            return "Login[name=" + name + ", password=(hidden)]";
        }
    }

    /** {@code HELP} / {@code H} / {@code ?}. */
    record Help() implements Command {
    }

    /** {@code QUIT} / {@code Q}. */
    record Quit() implements Command {
    }

    /**
     * A line that is not a command; answered with {@code reply}. {@code endsSession}: what follows the line cannot be
     * told from commands (a {@code PUT} whose size is unreadable), so the reply says "closing" and the session ends.
     */
    record Invalid(Reply reply, boolean endsSession) implements Command {

        Invalid(Reply reply) {
            this(reply, false);
        }
    }
}
