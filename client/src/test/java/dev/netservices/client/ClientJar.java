package dev.netservices.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shaded {@code target/client.jar} as users run it: {@code java -jar client.jar ...} in its own process. */
public final class ClientJar {

    private ClientJar() {
    }

    public static Path jar() {
        Path jar = Path.of("target", "client.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (integration tests run after package)").isRegularFile();
        return jar;
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static List<String> command(String... args) {
        return commandOn(java(), args);
    }

    /** The command that runs the jar on the {@code java} launcher given (another runtime than the build's). */
    public static List<String> commandOn(String java, String... args) {
        // a home of its own, so the history files of the test runs do not land in the user's
        List<String> command = new ArrayList<>(List.of(java, "-Duser.home=" + Path.of("target", "it-home").toAbsolutePath(),
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Collects a process's output as text while it runs (a prompt has no line end, so not line by line). */
    public static StringBuffer watch(InputStream output) {
        StringBuffer screen = new StringBuffer();
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[4096];
            int n;
            try (output) {
                while ((n = output.read(buffer)) != -1) {
                    screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        return screen;
    }
}
