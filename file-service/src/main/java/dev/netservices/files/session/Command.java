package dev.netservices.files.session;

/**
 * One line of the file protocol, parsed; {@link Invalid} carries the error reply a bad line earns. Every command
 * declares who may run it ({@link #rule()}): there is no default, so access is never granted by omission.
 */
public sealed interface Command {

    /** The access a session needs to run this command. */
    AccessRule rule();

    /** {@code LIST} / {@code L}. */
    record ListFiles() implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.reading("LIST");
        }
    }

    /** {@code GET <name> [offset]} / {@code G}: the file from {@code offset} to its end. */
    record Get(String name, long offset) implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.reading("GET");
        }
    }

    /** {@code PUT <name> <size>} / {@code P}: exactly {@code size} bytes follow the line. */
    record Put(String name, long size) implements Command {
        @Override
        public AccessRule rule() {
            return AccessRule.writing("PUT");
        }
    }

    /** {@code STAT <name>}: size and SHA-256. */
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
