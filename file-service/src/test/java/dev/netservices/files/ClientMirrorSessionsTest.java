package dev.netservices.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.client.files.FileClient;
import dev.netservices.files.store.DiskSync;
import dev.netservices.files.support.TestServer;

/**
 * {@code mirror -R --parallel 4} uploads over four sessions at once, never more: the server's file forces are held
 * until four uploads are inside them together, and the most ever inside at once is counted (the server forces one
 * upload per session at a time here, {@code files.max-pipelined-uploads=0}, so forces count sessions). Every upload is
 * still forced (file, then folder) before its {@code OK}. A file whose force fails among pipelined uploads is reported
 * under its own path, and only it.
 */
class ClientMirrorSessionsTest {

    @TempDir
    Path work;

    /** Real forces; the first four file forces wait for each other, so only four sessions at once get them through. */
    static final class MeetingSync implements DiskSync {
        final CountDownLatch fourInside = new CountDownLatch(4);
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final AtomicInteger fileForces = new AtomicInteger();
        final AtomicInteger folderForces = new AtomicInteger();

        @Override
        public void forceFile(FileChannel file) throws IOException {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                fourInside.countDown();
                fourInside.await(20, TimeUnit.SECONDS);
                DiskSync.FORCE.forceFile(file);
                fileForces.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                inside.decrementAndGet();
            }
        }

        @Override
        public void forceFolder(Path folder) throws IOException {
            DiskSync.FORCE.forceFolder(folder);
            folderForces.incrementAndGet();
        }
    }

    @Test
    void mirrorWithParallel4UploadsOverFourSessionsAtOnceAndNoMore() throws IOException {
        Path root = Files.createDirectory(work.resolve("root"));
        Path local = Files.createDirectory(work.resolve("local"));
        // more files than three sessions' windows of unanswered uploads (3 x 8) hold: the session that makes the
        // folders and takes units last still finds one, whichever session takes first
        for (int i = 0; i < 96; i++) {
            Path file = local.resolve("f" + i % 3).resolve("file-" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "file " + i);
        }
        MeetingSync sync = new MeetingSync();
        try (TestServer server = TestServer.on(root).sync(sync).maxPipelinedUploads(0).start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var client = FileClient.commandLine(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int status = FileClient.closingSession(client, client).execute("--port", String.valueOf(server.port()), "-q", "mirror", "-R",
                    "--parallel", "4", local.toString(), "up");
            assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        }
        assertThat(sync.fourInside.getCount()).as("four uploads were inside a force at once").isZero();
        assertThat(sync.most).hasValue(4);
        assertThat(sync.fileForces).hasValue(96);
        assertThat(root.resolve("up/f2/file-23.txt")).hasContent("file 23");
    }

    /** Real forces, except the file of {@code failing} bytes. */
    record FailingSync(long failing) implements DiskSync {
        @Override
        public void forceFile(FileChannel file) throws IOException {
            if (file.size() == failing) {
                throw new IOException("the disk said no");
            }
            DiskSync.FORCE.forceFile(file);
        }

        @Override
        public void forceFolder(Path folder) throws IOException {
            DiskSync.FORCE.forceFolder(folder);
        }
    }

    @Test
    void aFileWhoseForceFailsAmongPipelinedUploadsIsReportedUnderItsOwnPathAndTheOthersAreStored() throws IOException {
        Path root = Files.createDirectory(work.resolve("root"));
        Path local = Files.createDirectory(work.resolve("local"));
        for (int i = 0; i < 40; i++) {
            // sizes 1..40: file-17.txt is the only one of 17 bytes
            Files.writeString(local.resolve("file-" + i + ".txt"), "x".repeat(i + 1));
        }
        try (TestServer server = TestServer.on(root).sync(new FailingSync(17)).start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var client = FileClient.commandLine(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int status = FileClient.closingSession(client, client).execute("--port", String.valueOf(server.port()), "-q", "mirror", "-R",
                    "--parallel", "2", local.toString(), "up");
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(status).as(printed).isEqualTo(1);
            assertThat(printed).contains("error: file-16.txt: ", "mirror: 39 copied", "1 failed");
            assertThat(printed.lines().filter(line -> line.startsWith("error:"))).hasSize(1);
        }
        assertThat(root.resolve("up/file-16.txt")).doesNotExist();
        assertThat(root.resolve("up/file-15.txt")).hasContent("x".repeat(16));
        assertThat(root.resolve("up/file-39.txt")).hasContent("x".repeat(40));
    }
}
