package dev.netservices.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./run.sh} started as an operator starts it, on free ports, with its output captured.
 * Ports go in through the same environment variables an operator would use.
 */
final class RunScript implements AutoCloseable {

    static final String HEALTHY = "All three services are healthy";

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final Map<String, String> environment;

    private RunScript(Process process, Map<String, String> environment) {
        this.process = process;
        this.environment = environment;
        Thread.ofVirtual().start(this::collectOutput);
    }

    /** Free ports for every service, a temporary files root and log folder under {@code work}. */
    static Map<String, String> freePortsEnvironment(Path work) throws IOException {
        List<Integer> tcp = RepositoryFiles.freeTcpPorts(5);
        Map<String, String> environment = new HashMap<>();
        environment.put("CHAT_PORT", String.valueOf(RepositoryFiles.freeUdpPort()));
        environment.put("CHAT_HTTP_PORT", String.valueOf(tcp.get(0)));
        environment.put("FILES_PORT", String.valueOf(tcp.get(1)));
        environment.put("FILES_HTTP_PORT", String.valueOf(tcp.get(2)));
        environment.put("WEB_PORT", String.valueOf(tcp.get(3)));
        environment.put("WEB_HTTP_PORT", String.valueOf(tcp.get(4)));
        environment.put("FILES_ROOT", work.resolve("files").toString());
        environment.put("RUN_LOG_DIR", work.resolve("logs").toString());
        environment.put("CHAT_ADMIN_GENERATED_PASSWORD_FILE", work.resolve("chat-admin-password").toString());
        // run.sh's own default (90 s) is for people; three JVMs on a loaded 2-core machine may need longer
        environment.put("HEALTH_TIMEOUT", "140");
        return environment;
    }

    static RunScript start(Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("./run.sh").directory(RepositoryFiles.root().toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new RunScript(builder.start(), Map.copyOf(environment));
    }

    private void collectOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
            }
        } catch (IOException e) {
            synchronized (output) {
                output.add("(output closed: " + e + ")");
            }
        }
    }

    String env(String name) {
        return environment.get(name);
    }

    int port(String name) {
        return Integer.parseInt(environment.get(name));
    }

    Process process() {
        return process;
    }

    boolean printed(String text) {
        synchronized (output) {
            return output.stream().anyMatch(line -> line.contains(text));
        }
    }

    String transcript() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Waits for the "healthy" summary; false when run.sh exited or the time ran out first. */
    boolean awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!printed(HEALTHY) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return printed(HEALTHY);
    }

    /** The service JVMs run.sh started. */
    List<ProcessHandle> jvms() {
        return process.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).toList();
    }

    /** SIGTERM, as an operator's `kill` or Docker's stop sends it; true when run.sh exited in time. */
    boolean terminate(Duration timeout) throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of its output.
        process.toHandle().destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            List<ProcessHandle> children = process.descendants().toList();
            terminate(Duration.ofSeconds(60));
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
