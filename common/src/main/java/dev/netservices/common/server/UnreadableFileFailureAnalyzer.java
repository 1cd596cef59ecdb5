package dev.netservices.common.server;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a file the service may not read at start-up (a secret mounted from a host file of mode 600 owned by root, the
 * images running as UID 10001) into Spring Boot's short "what happened / what to do" block. Without it the cause was
 * the last of several "Caused by" lines under a property-binding error, and a container restarted on it for ever.
 */
class UnreadableFileFailureAnalyzer extends AbstractFailureAnalyzer<AccessDeniedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AccessDeniedException cause) {
        String user = System.getProperty("user.name") + uid();
        return new FailureAnalysis(
                "The service, running as user %s, may not read %s.".formatted(user, cause.getFile()),
                ("Make %s readable by user %s: chmod 644 it, or chown it to that user and chmod 600. A Docker secret is "
                        + "mounted with the host file's owner and mode (docs/containers.md).").formatted(cause.getFile(), user),
                cause);
    }

    /** " (uid N)" from /proc (a host's chown needs the number: the image's user name means nothing there); else "". */
    private static String uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return " (uid " + line.substring(4).trim().split("\\s+")[0] + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the name alone
        }
        return "";
    }
}
