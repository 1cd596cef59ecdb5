package dev.netservices.client.files;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

import dev.netservices.client.cli.DurationValue;

/**
 * {@code ERR 503} at the greeting (every session taken, or the server restarting) is worth waiting for:
 * tried again after 0.5, 1, 2 and 4 s, then given up with the server's own words. The pause is injected
 * so tests do not wait.
 */
final class BusyRetry {

    static final int RETRIES = 4;
    private static final Duration FIRST_WAIT = Duration.ofMillis(500);

    /** How the client waits between tries. */
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Opens a connection. */
    interface Opener {
        FileConnection open() throws IOException;
    }

    private final Pause pause;
    private final PrintStream notices;

    BusyRetry(Pause pause, PrintStream notices) {
        this.pause = pause;
        this.notices = notices;
    }

    FileConnection open(Opener opener) throws IOException {
        Duration wait = FIRST_WAIT;
        for (int retry = 1; ; retry++) {
            try {
                return opener.open();
            } catch (ServerReplyException e) {
                if (e.code() != 503 || retry > RETRIES) {
                    throw e;
                }
                notices.println("server busy (" + e.getMessage() + "); trying again in " + DurationValue.describe(wait)
                        + " (" + retry + "/" + RETRIES + ")");
                try {
                    pause.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                wait = wait.multipliedBy(2);
            }
        }
    }
}
