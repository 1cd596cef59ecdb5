package dev.netservices.web.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@code python3} on the PATH that can {@code import h2} (Debian's python3-h2). The first python3 on the PATH
 * may be another installation without it (a pyenv shim, a virtualenv): each one on the PATH is asked in turn.
 * None found fails the test naming the package, as {@code RequiredTool} does.
 */
public final class PythonWithH2 {

    private PythonWithH2() {
    }

    public static Path find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String folder : path.split(File.pathSeparator)) {
            Path python = Path.of(folder.isEmpty() ? "." : folder, "python3");
            if (Files.isExecutable(python) && importsH2(python)) {
                return python;
            }
        }
        throw new AssertionError("no python3 on the PATH can import h2: install the Debian package python3-h2");
    }

    private static boolean importsH2(Path python) {
        try {
            Process process = new ProcessBuilder(python.toString(), "-c", "import h2.connection").redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
