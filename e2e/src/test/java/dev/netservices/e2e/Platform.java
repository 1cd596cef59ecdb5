package dev.netservices.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The three services started once for the whole end-to-end run, exactly as {@code ./run.sh} starts
 * them, on free ports; a test takes it as a parameter ({@code @ExtendWith(Platform.Extension.class)}).
 * JUnit closes it, and so stops every JVM, when the run ends.
 */
final class Platform implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Path work;
    private final RunScript runScript;
    private final String adminPassword;

    private Platform(Path work, RunScript runScript, String adminPassword) {
        this.work = work;
        this.runScript = runScript;
        this.adminPassword = adminPassword;
    }

    static Platform start() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("netservices-e2e-");
        String adminPassword = UUID.randomUUID().toString();
        Map<String, String> environment = RunScript.freePortsEnvironment(work);
        environment.put("CHAT_ADMIN_USERNAME", "admin");
        environment.put("CHAT_ADMIN_PASSWORD", adminPassword);
        // web shows health details only to its admin (web.admin.*): the same password here, for the tests that read them.
        environment.put("WEB_ADMIN_PASSWORD", adminPassword);
        environment.put("HEALTH_TIMEOUT", String.valueOf(START_TIMEOUT.minusSeconds(10).toSeconds()));
        RunScript runScript = RunScript.start(environment);
        Platform platform = new Platform(work, runScript, adminPassword);
        if (!runScript.awaitHealthy(START_TIMEOUT)) {
            platform.close();
            throw new IllegalStateException("run.sh did not report three healthy services:\n" + runScript.transcript());
        }
        return platform;
    }

    int chatPort() {
        return runScript.port("CHAT_PORT");
    }

    int filesPort() {
        return runScript.port("FILES_PORT");
    }

    int webPort() {
        return runScript.port("WEB_PORT");
    }

    /** REST and actuator of a service: {@code chat}, {@code files} or {@code web}. */
    URI http(String service, String path) {
        return URI.create("http://localhost:" + runScript.port(service.toUpperCase() + "_HTTP_PORT") + path);
    }

    URI web(String path) {
        return URI.create("http://localhost:" + webPort() + path);
    }

    Path filesRoot() {
        return Path.of(runScript.env("FILES_ROOT"));
    }

    /** What run.sh wrote of a service's output: {@code chat}, {@code files} or {@code web}. */
    Path logFile(String service) {
        return Path.of(runScript.env("RUN_LOG_DIR"), service + ".log");
    }

    String adminPassword() {
        return adminPassword;
    }

    /** A fresh folder for one test's downloads and local files. */
    Path scratch(String name) throws IOException {
        return Files.createDirectories(work.resolve("scratch").resolve(name));
    }

    String transcript() {
        return runScript.transcript();
    }

    @Override
    public void close() throws InterruptedException {
        runScript.close();
        WorkFolder.remove(work);
    }

    /** Starts the platform on first use and hands the same one to every test of the run. */
    static final class Extension implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Platform.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(Platform.class, key -> {
                        try {
                            return Platform.start();
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException("could not start the platform", e);
                        }
                    }, Platform.class);
        }
    }
}
