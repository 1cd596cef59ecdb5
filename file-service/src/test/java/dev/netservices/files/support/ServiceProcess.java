package dev.netservices.files.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged file-service jar ({@code files.jar}, set by the failsafe plugin) running as a separate
 * process, for what only a real process shows: a SIGKILL mid-upload, the JVM's file-name encoding under a
 * bare environment. It listens on free ports (setting 0, the bound port read from its log) over the root
 * given; its output goes to a log file beside the root, read by the test.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("files server listening on \\S+ port (\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final int port;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.port = await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(this::boundPortOrExit, p -> p != 0);
    }

    /** Starts the jar over {@code root} with the caller's environment; {@code settings} are extra {@code --name=value}s. */
    public static ServiceProcess start(Path root, Path log, String... settings) throws IOException {
        return start(root, log, false, settings);
    }

    /**
     * Starts the jar with an empty environment (no {@code LANG}, no {@code LC_*}): what {@code env -i java -jar}
     * gives, where the JVM encodes file names as ASCII ({@code ANSI_X3.4-1968}).
     */
    public static ServiceProcess startInBareEnvironment(Path root, Path log, String... settings) throws IOException {
        return start(root, log, true, settings);
    }

    private static ServiceProcess start(Path root, Path log, boolean bare, String... settings) throws IOException {
        String jar = System.getProperty("files.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("files.jar is not set to the packaged jar (run through failsafe: ./mvnw verify): " + jar);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar,
                "--server.port=0", "--files.port=0", "--files.root=" + root, "--files.min-free-space=0"));
        command.addAll(List.of(settings));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (bare) {
            builder.environment().clear();
        }
        return new ServiceProcess(builder.start(), log);
    }

    public int port() {
        return port;
    }

    public Wire connect() throws IOException {
        return new Wire(port);
    }

    /** Everything the process logged so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log, e);
        }
    }

    /** SIGKILL (what {@link Process#destroyForcibly()} sends on Linux): no shutdown hook, no clean-up runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the service did not die after SIGKILL");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, the orderly stop; SIGKILL when that takes too long. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private int boundPortOrExit() {
        Matcher matcher = LISTENING.matcher(log());
        if (matcher.find()) {
            return Integer.parseInt(matcher.group(1));
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("the service exited with " + process.exitValue() + " before listening:\n" + log());
        }
        return 0;
    }
}
