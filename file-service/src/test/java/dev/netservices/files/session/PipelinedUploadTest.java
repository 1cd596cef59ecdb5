package dev.netservices.files.session;

import static dev.netservices.files.support.Wire.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.store.DiskSync;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * Pipelining over a real socket: a client sends several uploads and {@code MKDIR}s (and other commands) without waiting
 * for the replies; the server forces them side by side, and answers strictly in command order, each upload's {@code OK}
 * only once its file is forced, each {@code MKDIR}'s once its parent folder is; a failing upload in the middle is answered for itself; downloads sent in one go come back byte-exact.
 */
class PipelinedUploadTest {

    @TempDir
    Path root;

    /** Real forces, each file's held until the test releases it (known by its size); a size in {@code failing} fails. */
    static final class HeldSync implements DiskSync {
        final Map<Long, Semaphore> gates = new ConcurrentHashMap<>();
        final Map<Long, Boolean> entered = new ConcurrentHashMap<>();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        volatile long failing = -1;

        Semaphore gate(long size) {
            return gates.computeIfAbsent(size, s -> new Semaphore(0));
        }

        void release(long size) {
            gate(size).release();
        }

        @Override
        public void forceFile(FileChannel file) throws IOException {
            long size = file.size();
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            entered.put(size, true);
            try {
                if (!gate(size).tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new IOException("never released: " + size);
                }
                if (size == failing) {
                    throw new IOException("the disk said no");
                }
                DiskSync.FORCE.forceFile(file);
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
        }
    }

    @Test
    void pipelinedUploadsAreForcedTogetherAndEachOkComesInCommandOrderOnlyAfterItsForce() throws IOException {
        HeldSync sync = new HeldSync();
        try (TestServer server = TestServer.on(root).sync(sync).start(); Wire wire = server.connect()) {
            byte[] a = bytes(100);
            byte[] b = bytes(200);
            byte[] c = bytes(300);
            wire.sendBytes(put("a.bin", a)).sendBytes(put("b.bin", b)).sendBytes(put("c.bin", c));
            // all three bodies read and their forces running at once: the session read on while the first was forced
            await().atMost(Duration.ofSeconds(20)).until(() -> sync.entered.size() == 3);
            assertThat(sync.most).hasValue(3);
            // the last one durable first: its OK must still wait for the two before it
            sync.release(300);
            sync.release(100);
            assertThat(wire.readLine()).isEqualTo("OK 100 " + sha256(a));
            assertThat(Files.readAllBytes(root.resolve("a.bin"))).isEqualTo(a);
            sync.release(200);
            assertThat(wire.readLine()).isEqualTo("OK 200 " + sha256(b));
            assertThat(wire.readLine()).isEqualTo("OK 300 " + sha256(c));
            assertThat(Files.readAllBytes(root.resolve("c.bin"))).isEqualTo(c);
        }
    }

    @Test
    void anUploadThatFailsInTheMiddleIsAnsweredForItselfAndTheOthersAreStored() throws IOException {
        HeldSync sync = new HeldSync();
        sync.failing = 200;
        for (long size : new long[] {100, 200, 300, 400}) {
            sync.release(size);
        }
        Files.writeString(root.resolve("taken.txt"), "already here");
        try (TestServer server = TestServer.on(root).sync(sync).start(); Wire wire = server.connect()) {
            byte[] refused = bytes(50);
            wire.sendBytes(put("a.bin", bytes(100))).sendBytes(put("b.bin", bytes(200))).sendBytes(put("taken.txt", refused))
                    .sendBytes(put("c.bin", bytes(300))).sendBytes(put("a:b.bin", bytes(400))).sendBytes(put("d.bin", bytes(400)))
                    .send("LIST\r\n");
            assertThat(wire.readLine()).startsWith("OK 100 ");
            assertThat(wire.readLine()).as("the failed force, for b.bin").startsWith("ERR 5").contains("b.bin");
            assertThat(wire.readLine()).as("the refusal, for taken.txt").startsWith("ERR 409 ").contains("taken.txt");
            assertThat(wire.readLine()).startsWith("OK 300 ");
            assertThat(wire.readLine()).as("the refused name").startsWith("ERR 4");
            assertThat(wire.readLine()).startsWith("OK 400 ");
            assertThat(wire.readLine()).as("LIST after every upload it follows").startsWith("OK ").contains("4 files");
        }
        assertThat(root.resolve("b.bin")).doesNotExist();
        assertThat(root.resolve("taken.txt")).hasContent("already here");
        assertThat(root.resolve("d.bin")).hasSize(400);
    }

    @Test
    void aCommandAfterPipelinedUploadsSeesThemAndIsAnsweredAfterThem() throws IOException {
        HeldSync sync = new HeldSync();
        try (TestServer server = TestServer.on(root).sync(sync).start(); Wire wire = server.connect()) {
            byte[] a = bytes(100);
            wire.sendBytes(put("a.bin", a)).send("STAT a.bin\r\n").sendBytes(put("a.bin", bytes(200)));
            await().atMost(Duration.ofSeconds(20)).until(() -> sync.entered.containsKey(100L));
            sync.release(100);
            assertThat(wire.readLine()).isEqualTo("OK 100 " + sha256(a));
            assertThat(wire.readLine()).isEqualTo("OK 100 " + sha256(a) + " a.bin");
            assertThat(wire.readLine()).as("the same name again, after the first is in place").startsWith("ERR 409 ");
            assertThat(sync.entered).doesNotContainKey(200L);
        }
    }

    @Test
    void noMoreThanTheLimitOfUploadsWaitForTheirForceAtOnce() throws IOException {
        HeldSync sync = new HeldSync();
        try (TestServer server = TestServer.on(root).sync(sync).maxPipelinedUploads(2).start(); Wire wire = server.connect()) {
            for (int i = 1; i <= 4; i++) {
                wire.sendBytes(put("f" + i + ".bin", bytes(100 * i)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> sync.entered.size() == 2);
            // every body is read by now (the third waits for a slot, the fourth in TCP's buffers) while two forces are held
            sync.release(100);
            assertThat(wire.readLine()).startsWith("OK 100 ");
            await().atMost(Duration.ofSeconds(20)).until(() -> sync.entered.size() == 3);
            assertThat(sync.most).as("never more than two forces at once").hasValue(2);
            for (long size : new long[] {200, 300, 400}) {
                sync.release(size);
                assertThat(wire.readLine()).startsWith("OK " + size + " ");
            }
            assertThat(sync.most).hasValue(2);
        }
    }

    @Test
    void withALimitOf0EachUploadIsAnsweredBeforeTheNextIsRead() throws IOException {
        HeldSync sync = new HeldSync();
        try (TestServer server = TestServer.on(root).sync(sync).maxPipelinedUploads(0).start(); Wire wire = server.connect()) {
            wire.sendBytes(put("a.bin", bytes(100))).sendBytes(put("b.bin", bytes(200)));
            await().atMost(Duration.ofSeconds(20)).until(() -> sync.entered.containsKey(100L));
            sync.release(200);
            sync.release(100);
            assertThat(wire.readLine()).startsWith("OK 100 ");
            assertThat(wire.readLine()).startsWith("OK 200 ");
            assertThat(sync.most).hasValue(1);
        }
    }

    @Test
    void pipelinedDownloadsAfterPipelinedUploadsComeBackByteExact() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            byte[] a = bytes(70_000);
            byte[] b = bytes(1);
            byte[] c = bytes(300_000);
            wire.send("MKDIR d\r\n").sendBytes(put("d/a.bin", a)).sendBytes(put("b.bin", b)).sendBytes(put("d/c.bin", c))
                    .send("GET d/a.bin\r\nGET b.bin 0\r\nGET d/c.bin 1000\r\nGET missing.bin\r\nGET b.bin\r\nQUIT\r\n");
            assertThat(wire.readLine()).startsWith("OK ");
            assertThat(wire.readLine()).isEqualTo("OK 70000 " + sha256(a));
            assertThat(wire.readLine()).isEqualTo("OK 1 " + sha256(b));
            assertThat(wire.readLine()).isEqualTo("OK 300000 " + sha256(c));
            assertThat(body(wire)).isEqualTo(a);
            assertThat(body(wire)).isEqualTo(b);
            assertThat(body(wire)).isEqualTo(java.util.Arrays.copyOfRange(c, 1000, c.length));
            assertThat(wire.readLine()).startsWith("ERR 404 ");
            assertThat(body(wire)).isEqualTo(b);
            assertThat(wire.readLine()).isEqualTo("OK bye");
        }
    }

    /** Real forces; each folder's held until the test releases it (known by the folder's name). */
    static final class HeldFolders implements DiskSync {
        final Map<String, Semaphore> gates = new ConcurrentHashMap<>();
        final Map<String, Boolean> entered = new ConcurrentHashMap<>();

        Semaphore gate(String folder) {
            return gates.computeIfAbsent(folder, f -> new Semaphore(0));
        }

        @Override
        public void forceFile(FileChannel file) throws IOException {
            DiskSync.FORCE.forceFile(file);
        }

        @Override
        public void forceFolder(Path folder) throws IOException {
            String name = folder.getFileName().toString();
            entered.put(name, true);
            try {
                if (!gate(name).tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new IOException("never released: " + name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            DiskSync.FORCE.forceFolder(folder);
        }
    }

    @Test
    void pipelinedMkdirsAreMadeSideBySideAndEachOkComesInCommandOrderOnlyAfterItsParentsForce() throws IOException {
        HeldFolders sync = new HeldFolders();
        Files.createDirectories(root.resolve("p1"));
        Files.createDirectories(root.resolve("p2"));
        try (TestServer server = TestServer.on(root).sync(sync).start(); Wire wire = server.connect()) {
            wire.send("MKDIR p1/x\r\nMKDIR p2/y\r\n");
            // both made and both parents' forces running at once: the session read the second while the first was forced
            await().atMost(Duration.ofSeconds(20)).until(() -> sync.entered.containsKey("p1") && sync.entered.containsKey("p2"));
            assertThat(root.resolve("p1/x")).isDirectory();
            assertThat(root.resolve("p2/y")).isDirectory();
            // the second durable first: its OK must still wait for the first's
            sync.gate("p2").release();
            sync.gate("p1").release();
            assertThat(wire.readLine()).startsWith("OK ").contains("p1/x");
            assertThat(wire.readLine()).startsWith("OK ").contains("p2/y");
        }
    }

    @Test
    void aFolderBelowAPipelinedMkdirAndAnUploadIntoItWaitForItAndSucceed() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            byte[] a = bytes(100);
            wire.send("MKDIR d\r\nMKDIR d/e\r\n").sendBytes(put("d/e/a.bin", a)).send("MKDIR d/e/f\r\nMKDIR d/e/a.bin\r\nMKDIR D\r\nLIST d/e\r\n");
            assertThat(wire.readLine()).startsWith("OK ").contains("d");
            assertThat(wire.readLine()).startsWith("OK ").contains("d/e");
            assertThat(wire.readLine()).isEqualTo("OK 100 " + sha256(a));
            assertThat(wire.readLine()).startsWith("OK ").contains("d/e/f");
            assertThat(wire.readLine()).as("a folder where the upload before it put a file").startsWith("ERR 409 ");
            assertThat(wire.readLine()).as("a folder that the first MKDIR made, in another case").startsWith("ERR 409 ");
            assertThat(wire.readLine()).startsWith("OK ");
        }
        assertThat(root.resolve("d/e/a.bin")).hasSize(100);
        assertThat(root.resolve("d/e/f")).isDirectory();
    }

    /** A download's {@code OK <count>} line and its body. */
    private static byte[] body(Wire wire) throws IOException {
        String reply = wire.readLine();
        assertThat(reply).startsWith("OK ");
        int count = Integer.parseInt(reply.split(" ")[1]);
        return wire.input().readNBytes(count);
    }

    private static byte[] put(String path, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("PUT " + path + " " + body.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
