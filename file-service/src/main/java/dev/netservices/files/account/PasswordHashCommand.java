package dev.netservices.files.account;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * {@code java -jar file-service.jar --hash-password <name> [rw|ro]}: prints the users-file line for a
 * new account, so nobody writes a hash by hand. The password is read without echo, twice, from the
 * terminal; without a terminal (a pipe), one line from standard input. A password shorter than
 * {@link #MIN_LENGTH} characters is refused: short passwords fall to guessing whatever the login budgets.
 * It runs before Spring starts.
 */
public final class PasswordHashCommand {

    public static final String OPTION = "--hash-password";
    /** Shortest password accepted, in characters: NIST SP 800-63B's floor for a password the user chose. */
    public static final int MIN_LENGTH = 8;
    /** Longest password bcrypt hashes, in bytes of UTF-8. */
    public static final int MAX_BYTES = 72;

    private PasswordHashCommand() {
    }

    /** The exit status. */
    public static int run(String[] args, Console console, BufferedReader stdin, PrintStream out, PrintStream err) throws IOException {
        if (args.length < 2 || args.length > 3 || !AccountLine.NAME.matcher(args[1]).matches()
                || (args.length == 3 && !args[2].equals("rw") && !args[2].equals("ro"))) {
            err.println("usage: java -jar file-service.jar " + OPTION + " <name> [rw|ro]   (name: letters, digits, . _ -; default rw)");
            return 2;
        }
        String name = args[1];
        String access = args.length == 3 ? args[2] : "rw";
        char[] password;
        if (console != null) {
            password = console.readPassword("password for %s: ", name);
            char[] again = console.readPassword("again: ");
            if (password == null || again == null || !Arrays.equals(password, again)) {
                err.println("the two passwords differ; nothing printed");
                return 1;
            }
            Arrays.fill(again, ' ');
        } else {
            String line = stdin.readLine();
            password = line == null ? null : line.toCharArray();
        }
        if (password == null || password.length == 0) {
            err.println("empty password; nothing printed");
            return 1;
        }
        if (new String(password).codePointCount(0, password.length) < MIN_LENGTH) {
            Arrays.fill(password, ' ');
            err.println("password shorter than " + MIN_LENGTH + " characters; nothing printed");
            return 1;
        }
        String refused = refusal(new String(password));
        if (refused != null) {
            Arrays.fill(password, ' ');
            err.println(refused + "; nothing printed");
            return 1;
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        out.println(name + ":" + encoder.encode(new String(password)) + ":" + access);
        Arrays.fill(password, ' ');
        return 0;
    }

    /**
     * Why a password of the right length still makes no usable account, or null: one {@code LOGIN} cannot send (it
     * ends at the line's end and its spaces are trimmed, and the file client refuses such a password too), or one
     * longer than bcrypt reads (its encoder refuses to hash it, which ended this command with a stack trace).
     */
    private static String refusal(String password) {
        if (!password.equals(password.strip())) {
            return "a password cannot begin or end with a space (a LOGIN line is trimmed, and the file client refuses one)";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "password longer than " + MAX_BYTES + " bytes in UTF-8 (bcrypt reads no more)";
        }
        return null;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(run(args, System.console(), stdin, System.out, System.err));
    }
}
