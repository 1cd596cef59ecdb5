package dev.netservices.web.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link StandaloneWebServer} over a test folder in a JVM of its own with a 48 MB heap and 12 MB of direct memory,
 * for the attacks that must not exhaust them: its port, its readiness while attacked, and its end.
 */
public final class SmallHeapWebServer implements AutoCloseable {

    private final Process child;
    private final BufferedReader out;
    private final PrintWriter in;
    private final int port;

    private SmallHeapWebServer(Process child) throws IOException {
        this.child = child;
        this.out = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.US_ASCII));
        this.in = new PrintWriter(child.getOutputStream(), true);
        String first = out.readLine();
        assertThat(first).startsWith("PORT ");
        this.port = Integer.parseInt(first.substring(5).trim());
    }

    /** Starts the server over {@code root}, its log in {@code target/<log>}; returns once it listens. */
    public static SmallHeapWebServer start(Path root, String log) throws IOException, InterruptedException {
        return launch(List.of(), root, log);
    }

    /**
     * As {@link #start}, in a JVM that may hold at most {@code openFiles} file descriptors (bash's {@code ulimit -n},
     * soft and hard), for what the server answers once a client has taken them all.
     */
    public static SmallHeapWebServer startWithOpenFileLimit(Path root, String log, int openFiles)
            throws IOException, InterruptedException {
        return launch(List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$@\"", "bash"), root, log);
    }

    /** The server's JVM, started through {@code wrapper} (a command that runs the words after it; none: directly). */
    private static SmallHeapWebServer launch(List<String> wrapper, Path root, String log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m",
                "-XX:MaxDirectMemorySize=12m", "-cp", System.getProperty("java.class.path"),
                StandaloneWebServer.class.getName(), root.toString()));
        Process child = new ProcessBuilder(command).redirectOutput(Path.of("target", log).toFile()).start();
        try {
            return new SmallHeapWebServer(child);
        } catch (IOException | RuntimeException | Error e) {
            end(child);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** Its readiness, {@code UP} or {@code DOWN}, asked over its stdin. */
    public String readiness() throws IOException {
        in.println("ready?");
        return out.readLine();
    }

    /** Closes its stdin, which ends it; forcibly if it has not ended 30 s later. */
    @Override
    public void close() throws IOException, InterruptedException {
        end(child);
    }

    private static void end(Process child) throws IOException, InterruptedException {
        child.getOutputStream().close();
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
