package dev.netservices.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.ServiceProcess;
import dev.netservices.files.support.Wire;

/**
 * kill -9 for real: the service jar in its own process, SIGKILLed while a large upload is half way, then
 * started again over the same folder. Nothing of the cut upload is ever listed or served, and its
 * temporary file, which the killed process had no chance to remove, is gone once the new one listens.
 */
class CrashRecoveryIT {

    private static final long ANNOUNCED = 256L * 1024 * 1024;
    private static final int SENT_BEFORE_KILL = 8 * 1024 * 1024;

    @TempDir
    Path work;

    @Test
    void aTemporaryFileLeftBySigkillMidUploadIsNeverListedAndRemovedAtTheNextStart() throws Exception {
        Path root = Files.createDirectories(work.resolve("library"));
        Files.writeString(root.resolve("kept.txt"), "hello");

        Path leftOver;
        try (ServiceProcess service = ServiceProcess.start(root, work.resolve("first.log"));
                Wire uploader = service.connect()) {
            uploader.send("PUT big.bin " + ANNOUNCED + "\r\n").sendBytes(new byte[SENT_BEFORE_KILL]);
            leftOver = await().atMost(Duration.ofSeconds(30))
                    .until(() -> temporaryFilesOf(root), temps -> temps.size() == 1 && sizeOf(temps.getFirst()) > 0)
                    .getFirst();

            try (Wire other = service.connect()) {
                assertThat(other.command("LIST")).isEqualTo("OK 12 bytes follow: 1 file, 0 folders");
                assertThat(other.readLine()).isEqualTo("5 kept.txt");
                assertThat(other.command("GET big.bin")).isEqualTo("ERR 404 no such file: big.bin");
                assertThat(other.command("GET " + leftOver.getFileName()))
                        .startsWith("ERR 403 refused name: hidden names");
            }

            service.kill();
            assertThat(uploader.closedByServer()).isTrue();
        }

        // no server runs now: what the crash left on disk is the temporary file, and no big.bin
        assertThat(leftOver).exists();
        assertThat(Files.size(leftOver)).isPositive();
        assertThat(root.resolve("big.bin")).doesNotExist();

        try (ServiceProcess restarted = ServiceProcess.start(root, work.resolve("second.log"));
                Wire wire = restarted.connect()) {
            assertThat(leftOver).doesNotExist();
            assertThat(temporaryFilesOf(root)).isEmpty();
            assertThat(restarted.log()).contains("deleted " + leftOver.getFileName() + " left by an interrupted upload");
            assertThat(wire.command("LIST")).isEqualTo("OK 12 bytes follow: 1 file, 0 folders");
            assertThat(wire.readLine()).isEqualTo("5 kept.txt");
            assertThat(wire.command("GET big.bin")).isEqualTo("ERR 404 no such file: big.bin");
            assertThat(wire.put("big.bin", new byte[] {1, 2, 3})).startsWith("OK 3 ");
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<Path> temporaryFilesOf(Path root) throws IOException {
        try (var files = Files.list(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".upload-")).toList();
        }
    }
}
