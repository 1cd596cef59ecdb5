package dev.netservices.files.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** {@code OK} to a PUT comes only after the file's data and then its folder entry are forced to disk. */
class DurableUploadTest {

    @TempDir
    Path root;

    /** Records each force with what the disk held at that moment, and holds the folder force until released. */
    static final class RecordingSync implements DiskSync {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch folderForceStarted = new CountDownLatch(1);
        private final Path root;
        /** The client, once connected: what it has received when the folder force begins is recorded too. */
        volatile Wire client;

        RecordingSync(Path root) {
            this.root = root;
        }

        @Override
        public void forceFile(FileChannel file) throws IOException {
            DiskSync.FORCE.forceFile(file);
            events.add("file forced, " + file.size() + " bytes");
        }

        @Override
        public void forceFolder(Path folder) throws IOException {
            // on loopback a reply written before this point is already in the client's receive queue
            events.add("folder forced, named " + Files.exists(root.resolve("durable.bin")) + ", reply bytes at the client: "
                    + (client == null ? "no client" : client.input().available()));
            folderForceStarted.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            DiskSync.FORCE.forceFolder(folder);
        }
    }

    @Test
    void okIsSentOnlyAfterTheFileAndThenItsFolderEntryAreForced() throws Exception {
        RecordingSync sync = new RecordingSync(root);
        byte[] body = new byte[200_000];
        try (TestServer server = TestServer.on(root).sync(sync).start(); Wire wire = server.connect()) {
            sync.client = wire;
            wire.send("PUT durable.bin " + body.length + "\r\n").sendBytes(body);
            assertThat(sync.folderForceStarted.await(20, TimeUnit.SECONDS)).isTrue();
            // the folder force is held: the session cannot get past it to the reply until released
            sync.release.countDown();
            assertThat(wire.readLine()).isEqualTo("OK 200000 " + Wire.sha256(body));
        }
        assertThat(sync.events).containsExactly("file forced, 200000 bytes", "folder forced, named true, reply bytes at the client: 0");
    }

    @Test
    void withFsyncOffNothingIsForcedAndTheUploadStillLands() throws IOException {
        // The store asks its DiskSync at both points (file, then folder); OFF answers both without a system call...
        CountingSync off = new CountingSync(DiskSync.OFF);
        try (TestServer server = TestServer.on(root).sync(off).start(); Wire wire = server.connect()) {
            assertThat(wire.put("fast.bin", "0123456789".getBytes())).isEqualTo("OK 10 " + Wire.sha256("0123456789".getBytes()));
        }
        assertThat(off.files).as("the file's force was asked of the sync, and OFF did nothing").isEqualTo(1);
        assertThat(off.folders).as("the folder's force likewise").isEqualTo(1);
        assertThat(root.resolve("fast.bin")).as("on the disk, whole, under its name").hasContent("0123456789");
        try (var left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file left beside it").containsExactly("fast.bin");
        }
        // ...and no other class of file-service forces anything past it, so with OFF nothing is forced at all.
        JavaClasses service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.netservices.files");
        noClasses().that().doNotHaveFullyQualifiedName(DiskSync.class.getName())
                .and().haveNameNotMatching(java.util.regex.Pattern.quote(DiskSync.class.getName()) + "\\$.*")
                .should().callMethod(FileChannel.class, "force", boolean.class)
                .orShould().callMethod(java.io.FileDescriptor.class, "sync")
                .because("files.fsync=false must mean no fsync: every force goes through DiskSync")
                .check(service);
    }

    /** Counts what the store asks of a sync, passing each call on. */
    static final class CountingSync implements DiskSync {
        private final DiskSync inner;
        volatile int files;
        volatile int folders;

        CountingSync(DiskSync inner) {
            this.inner = inner;
        }

        @Override
        public void forceFile(FileChannel file) throws IOException {
            files++;
            inner.forceFile(file);
        }

        @Override
        public void forceFolder(Path folder) throws IOException {
            folders++;
            inner.forceFolder(folder);
        }
    }

    @Test
    void temporaryFilesOfAnUploadCutShortAreNeverListedAndGoneAtTheNextStart() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            wire.send("PUT cut.bin 1000000\r\n").sendBytes(new byte[300_000]);
            await().atMost(Duration.ofSeconds(10)).until(() -> temporaryFiles().size() == 1);
            try (Wire other = server.connect()) {
                assertThat(other.command("LIST")).isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
            }
            // what kill -9 leaves behind: the temporary file, with the server gone before it could clean up
            Files.copy(temporaryFiles().getFirst(), root.resolve(".upload-left-by-a-crash.tmp"));
        }
        try (TestServer restarted = TestServer.on(root).start(); Wire wire = restarted.connect()) {
            assertThat(temporaryFiles()).isEmpty();
            assertThat(wire.command("LIST")).isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
        }
    }

    private List<Path> temporaryFiles() throws IOException {
        try (var files = Files.list(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".upload-")).toList();
        }
    }
}
