package dev.netservices.files.session;

/**
 * One line of the file protocol, parsed; {@link Invalid} carries the error reply a bad line earns. Every command
 * declares who may run it ({@link #rule()}): there is no default, so access is never granted by omission.
 */
public sealed interface Command {

    /** The access a session needs to run this command. */
    AccessRule rule();

    /** {@code LIST [folder]} / {@code L}: one folder's entries, the top folder's without a path. */
    record ListFiles(String folder) implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.reading("LIST");
        }
    }

    /** {@code GET <path> [offset]} / {@code G}: the file from {@code offset} to its end. */
    record Get(String name, long offset) implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.reading("GET");
        }
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

        @Override
        public AccessRule rule() {
            return AccessRule.writing("PUT");
        }
    }

    /** {@code STAT <name>}: size and SHA-256; the empty name is the top folder (its usage and limits). */
    record Stat(String name) implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.reading("STAT");
        }
    }

    /** {@code DELETE <name>}. */
    record Delete(String name) implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.writing("DELETE");
        }
    }

    /** {@code RENAME <old> <new>}, names with spaces in double quotes. */
    record Rename(String from, String to) implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.writing("RENAME");
        }
    }

    /** {@code QUOTA}: the session's usage and limits. */
    record Quota() implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.reading("QUOTA");
        }
    }

    /** {@code MKDIR <path>}: one folder, whose parent exists. */
    record MakeFolder(String path) implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.writing("MKDIR");
        }
    }

    /** {@code RMDIR <path>}: an empty folder. */
    record RemoveFolder(String path) implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.writing("RMDIR");
        }
    }

    /** {@code LOGIN <name> <password>}; the password never leaves this record except to be checked. */
    record Login(String name, String password) implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.ANYONE;
        }

        @Override
        public String toString() {
            return "Login[name=" + name + ", password=(hidden)]";
        }
    }

    /** {@code HELP} / {@code H} / {@code ?}. */
    record Help() implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.ANYONE;
        }
    }

    /** {@code QUIT} / {@code Q}. */
    record Quit() implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.ANYONE;
        }
    }

    /** A line that is not a command; answered with {@code reply}. */
    record Invalid(Reply reply) implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.ANYONE;
        }
    }
}
