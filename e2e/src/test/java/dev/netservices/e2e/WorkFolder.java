package dev.netservices.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary folder a test ran the platform in, removed once every process it started is gone. */
final class WorkFolder {

    private WorkFolder() {
    }

    /** Deletes {@code folder} and everything in it; a null folder (a test that failed before making it) is nothing to do. */
    static void remove(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: the folder is under the system's temporary folder
        }
    }
}
