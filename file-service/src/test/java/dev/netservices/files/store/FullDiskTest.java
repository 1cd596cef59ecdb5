package dev.netservices.files.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.tools.RequiredTool;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * A disk that really fills up mid-upload (a 1 MiB tmpfs, filled behind the server's back once the upload
 * has passed the free-space check): the client is told {@code ERR 507} with the reason, nothing half-written
 * is left, and the service goes on serving. Root mounts the tmpfs (these tests run as root here and in CI)
 * and unmounts it whatever happens.
 */
class FullDiskTest {

    @TempDir
    Path work;

    private Path disk;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        disk = Files.createDirectory(work.resolve("small-disk"));
        run("mount", "util-linux", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        // -l: a descriptor the server still holds must not keep the mount (and the test folder) behind
        run("umount", "util-linux", "-l", disk.toString());
    }

    @Test
    void aDiskThatFillsUpMidUploadGets507AndLeavesNothingHalfWritten() throws Exception {
        int size = 400_000;
        try (TestServer server = TestServer.on(disk).minFreeSpace(0).maxFileSize(10_000_000).maxDiscard(10_000_000).start();
                Wire wire = server.connect()) {
            wire.send("PUT big.bin " + size + "\r\n").sendBytes(new byte[1000]);
            await().atMost(Duration.ofSeconds(20)).until(() -> temporaryFiles().size() == 1);
            fillTheDisk();
            wire.sendBytes(new byte[size - 1000]);
            assertThat(wire.readLine()).isEqualTo("ERR 507 the server's disk is full");

            // the reply goes out as the rest of the body is discarded; the temporary file goes when that is done
            await().atMost(Duration.ofSeconds(20)).until(() -> temporaryFiles().isEmpty());
            assertThat(disk.resolve("big.bin")).doesNotExist();
            Files.delete(disk.resolve("filler"));
            // the session goes on; the filler, made by hand, leaves the listing a moment later (the folder is watched)
            await().atMost(Duration.ofSeconds(20)).until(() -> listing(wire).equals("OK 0 bytes follow: 0 files, 0 folders"));
            assertThat(wire.put("small.bin", "fits".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("OK 4 " + Wire.sha256("fits".getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** LIST's reply line, its body read and dropped. */
    private static String listing(Wire wire) throws IOException {
        String reply = wire.command("LIST");
        wire.readBytes(Long.parseLong(reply.split(" ")[1]));
        return reply;
    }

    /** Writes a file until the disk refuses more, as another program sharing the disk would. */
    private void fillTheDisk() {
        byte[] block = new byte[4096];
        try (OutputStream filler = Files.newOutputStream(disk.resolve("filler"))) {
            while (true) {
                filler.write(block);
            }
        } catch (IOException full) {
            assertThat(disk.toFile().getUsableSpace()).as("the disk is full").isLessThan(block.length);
        }
    }

    private List<Path> temporaryFiles() throws IOException {
        try (var files = Files.list(disk)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".upload-")).toList();
        }
    }

    private static void run(String command, String debianPackage, String... args) throws Exception {
        List<String> line = new java.util.ArrayList<>(List.of(RequiredTool.onPath(command, debianPackage).toString()));
        line.addAll(List.of(args));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("%s finished", line).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s (as root: the build runs as root here and in CI): %s", line, output).isZero();
    }
}
