package dev.netservices.common.tools;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one rule for a program the tests drive (nc, curl, openssl, chromium, redis-server...): it is found on
 * the {@code PATH}, never at a fixed path, and where it is missing the test fails with the command that
 * installs it, the one {@code .ci/run} runs. Never a skip: a suite that skips in silence reports green for
 * what it never tried.
 *
 * <p>Plain JDK only (no AssertJ, no JUnit), so every module's tests can use it, the client's included.
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    /**
     * The absolute path of {@code command} on the {@code PATH}.
     *
     * @throws AssertionError "nc is not on the PATH; install it with: apt-get install netcat-openbsd"
     */
    public static Path onPath(String command, String debianPackage) {
        Path found = find(command);
        if (found == null) {
            throw new AssertionError(missing(command, debianPackage));
        }
        return found;
    }

    /** What a test says when {@code command} is missing: the fix, not only the symptom. */
    static String missing(String command, String debianPackage) {
        return command + " is not on the PATH; install it with: apt-get install " + debianPackage + " (.ci/run installs it)";
    }

    /** The absolute path of {@code command} on {@code PATH}, or null where none of its folders holds it. */
    public static Path find(String command) {
        if (command.contains("/")) {
            throw new IllegalArgumentException("a command name, not a path: " + command);
        }
        for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (folder.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(folder, command).toAbsolutePath();
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
