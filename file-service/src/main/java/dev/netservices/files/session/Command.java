package dev.netservices.files.session;

/** One line of the file protocol, parsed; {@link Invalid} carries the error reply a bad line earns. */
public sealed interface Command {

    /** {@code LIST} / {@code L}. */
    record ListFiles() implements Command {
    }

    /** {@code GET <name> [offset]} / {@code G}: the file from {@code offset} to its end. */
    record Get(String name, long offset) implements Command {
    }

    /** {@code PUT <name> <size>} / {@code P}: exactly {@code size} bytes follow the line. */
    record Put(String name, long size) implements Command {
    }

    /** {@code STAT <name>}: size and SHA-256. */
    record Stat(String name) implements Command {
    }

    /** {@code DELETE <name>}. */
    record Delete(String name) implements Command {
    }

    /** {@code RENAME <old> <new>}, names with spaces in double quotes. */
    record Rename(String from, String to) implements Command {
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

    /** A line that is not a command; answered with {@code reply}. */
    record Invalid(Reply reply) implements Command {
    }
}
