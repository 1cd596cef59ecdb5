package dev.netservices.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.ServiceProcess;
import dev.netservices.files.support.Wire;

/**
 * A plain {@code java -jar} under a bare environment (no {@code LANG}, no {@code LC_*}): the JVM then encodes
 * file names as ASCII ({@code sun.jnu.encoding=US-ASCII}). The service says so at start, starts
 * although the folder already holds a name it cannot decode, answers names it cannot store with
 * {@code ERR 403} and the reason, and the session goes on.
 */
class BareLocaleIT {

    private static final String CANNOT_STORE =
            "ERR 403 refused name: the server cannot store this name (file-name encoding is US-ASCII)";

    @TempDir
    Path work;

    @Test
    void namesTheEncodingCannotMapAreRefusedWithAReasonAndTheServiceStaysUsable() throws Exception {
        Path root = Files.createDirectories(work.resolve("library"));
        Files.writeString(root.resolve("plain.txt"), "hello");
        createUtf8NamedFile(root, "caf\\303\\251.txt");

        try (ServiceProcess service = ServiceProcess.startInBareEnvironment(root, work.resolve("service.log"));
                Wire wire = service.connect()) {
            assertThat(service.log()).contains("file names are encoded as US-ASCII (the JVM's locale), not UTF-8");

            assertThat(wire.put("café.txt", "world".getBytes(StandardCharsets.UTF_8))).isEqualTo(CANNOT_STORE);
            assertThat(wire.command("GET café.txt")).isEqualTo(CANNOT_STORE);
            assertThat(wire.command("STAT naïve.txt")).isEqualTo(CANNOT_STORE);
            assertThat(wire.command("RENAME plain.txt café.txt")).isEqualTo(CANNOT_STORE);

            // the same session goes on, the refused body was read and dropped, ASCII names work
            assertThat(wire.put("ascii.txt", "abc".getBytes(StandardCharsets.UTF_8))).startsWith("OK 3 ");
            String list = wire.command("LIST");
            assertThat(list).startsWith("OK ");
            String listing = new String(wire.readBytes(Long.parseLong(list.split(" ")[1])), StandardCharsets.UTF_8);
            assertThat(listing).contains("5 plain.txt\r\n", "3 ascii.txt\r\n");
            assertThat(listing).as("a name the encoding cannot decode is not offered").doesNotContain("caf");
            assertThat(new String(wire.get("plain.txt"), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(service.isAlive()).isTrue();
        }
    }

    /** Created by a shell from octal escapes, so the test's own locale plays no part in the name's bytes. */
    private static void createUtf8NamedFile(Path folder, String octalName) throws Exception {
        Process touch = new ProcessBuilder("/bin/sh", "-c", "printf x > \"$(printf '" + octalName + "')\"")
                .directory(folder.toFile()).inheritIO().start();
        assertThat(touch.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(touch.exitValue()).isZero();
        try (var names = Files.list(folder)) {
            assertThat(names.count()).isEqualTo(2);
        }
    }
}
