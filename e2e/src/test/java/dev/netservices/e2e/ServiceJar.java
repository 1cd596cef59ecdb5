package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One service's built jar ({@code chat-service}, {@code file-service}, ...) run by itself as
 * {@code java -jar}, with the settings a test gives on its command line, in a folder of the test's, its
 * output in {@code <service>.log} there. For what run.sh cannot set: a short idle timeout, accounts, TLS.
 */
public final class ServiceJar implements AutoCloseable {

    /** Three Spring Boot JVMs and a build on two shared cores have been seen to take a minute to start. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final String service;
    private final Process process;
    private final Path log;

    private ServiceJar(String service, Process process, Path log) {
        this.service = service;
        this.process = process;
        this.log = log;
    }

    /** The runnable jar {@code ./mvnw package} built for {@code service}; the test fails when there is none. */
    static Path jar(String service) throws IOException {
        Path target = RepositoryFiles.root().resolve(service).resolve("target");
        if (!Files.isDirectory(target)) {
            fail("no " + target + ": build the service jars first (./mvnw package)");
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches(service + "-[0-9].*(?<!-plain)\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + service + " jar in " + target + ": build it first (./mvnw package)"));
        }
    }

    /** Starts the service in {@code folder} and waits until Spring Boot says it started; fails with its log otherwise. */
    public static ServiceJar start(String service, Path folder, List<String> settings) throws IOException {
        Path log = folder.resolve(service + ".log");
        List<String> command = Cli.concat(List.of(Cli.java(), "-jar", jar(service).toString()), settings.toArray(String[]::new));
        Process process = new ProcessBuilder(command).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServiceJar jar = new ServiceJar(service, process, log);
        try {
            Awaitility.await(service + " started").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(300))
                    .until(() -> !process.isAlive() || jar.log().contains("Started "));
        } catch (ConditionTimeoutException e) {
            jar.close();
            fail(service + " did not start within " + START_TIMEOUT + "; its log:\n" + jar.log());
        }
        if (!process.isAlive()) {
            fail(service + " exited with status " + process.exitValue() + " while starting; its log:\n" + jar.log());
        }
        return jar;
    }

    /** Everything the service printed so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    String name() {
        return service;
    }

    Process process() {
        return process;
    }

    /** SIGTERM, a graceful stop within the shutdown timeout, then SIGKILL. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
