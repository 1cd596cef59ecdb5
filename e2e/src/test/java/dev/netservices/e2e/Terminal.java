package dev.netservices.e2e;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;

/** An interactive client (nc -u, the client jar) driven line by line, as a person at a terminal would. */
final class Terminal implements AutoCloseable {

    private final String name;
    private final Process process;
    private final OutputStream keyboard;
    // Raw text, not lines: a prompt such as "name: " has no line end.
    private final StringBuilder screen = new StringBuilder();

    Terminal(String name, List<String> command) throws IOException {
        this.name = name;
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        this.keyboard = process.getOutputStream();
        Thread.ofVirtual().start(this::watchScreen);
    }

    private void watchScreen() {
        try (InputStreamReader text = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[4096];
            int n;
            while ((n = text.read(buffer)) != -1) {
                synchronized (screen) {
                    screen.append(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    void type(String line) throws IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    String screen() {
        synchronized (screen) {
            return screen.toString();
        }
    }

    /** Waits until the screen shows {@code text}; fails naming this terminal and what it shows. */
    void awaitShows(String text) {
        Awaitility.await(name + " shows \"" + text + "\"").atMost(Duration.ofSeconds(15))
                .until(() -> screen().contains(text));
    }

    /**
     * As {@link #awaitShows(String)}, waiting at most {@code atMost}, and failing with what the screen shows:
     * for a first line, which comes only once a JVM has started (on a loaded machine that alone can take
     * longer than 15 s).
     */
    void awaitShows(String text, Duration atMost) {
        try {
            Awaitility.await(name + " shows \"" + text + "\"").atMost(atMost)
                    .until(() -> screen().contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(name + " does not show \"" + text + "\" within " + atMost + "; it shows:\n" + screen(), e);
        }
    }

    Process process() {
        return process;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
