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
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        out.println(name + ":" + encoder.encode(new String(password)) + ":" + access);
        Arrays.fill(password, ' ');
        return 0;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(run(args, System.console(), stdin, System.out, System.err));
    }
}
