package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@code java} whose runtime is Java 17, the oldest the client promises to run on: {@code JAVA17_HOME} when set,
 * else any JDK or JRE under /usr/lib/jvm whose {@code release} file says 17 (as the client module's
 * {@code Java17JarIT} finds it). None: the test fails saying how to install one; never a skip.
 */
final class Java17 {

    private static final Path JVMS = Path.of("/usr/lib/jvm");

    private Java17() {
    }

    static String java() throws IOException {
        List<Path> homes = new ArrayList<>();
        Optional.ofNullable(System.getenv("JAVA17_HOME")).map(Path::of).ifPresent(homes::add);
        if (Files.isDirectory(JVMS)) {
            try (Stream<Path> installed = Files.list(JVMS)) {
                installed.sorted().forEach(homes::add);
            }
        }
        for (Path home : homes) {
            Path java = home.resolve("bin/java");
            Path release = home.resolve("release");
            if (Files.isExecutable(java) && Files.isRegularFile(release)
                    && Files.readAllLines(release).stream().anyMatch(line -> line.startsWith("JAVA_VERSION=\"17."))) {
                return java.toString();
            }
        }
        return fail("no Java 17 runtime found (JAVA17_HOME, or a JDK/JRE under %s whose release file says 17). Install one: "
                + "apt-get install openjdk-17-jre-headless", JVMS);
    }
}
