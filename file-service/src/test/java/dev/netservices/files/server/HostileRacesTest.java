package dev.netservices.files.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** The races a hostile test found, each run many times: none may ever be won. */
class HostileRacesTest {

    @TempDir
    Path sandbox;

    @Test
    void nameSwappedForALinkOutsideTheRootNeverYieldsTheOutsideFile() throws Exception {
        Path root = Files.createDirectory(sandbox.resolve("root"));
        Path secret = Files.writeString(sandbox.resolve("passwd"), "root:x:0:0:secret outside the root");
        byte[] inside = "the public file inside the root".getBytes(StandardCharsets.UTF_8);
        Files.write(root.resolve("public.txt"), inside);
        AtomicBoolean swapping = new AtomicBoolean(true);
        AtomicInteger swaps = new AtomicInteger();
        try (TestServer server = TestServer.on(root).start()) {
            CompletableFuture<Void> swapper = CompletableFuture.runAsync(() -> {
                try {
                    while (swapping.get()) {
                        Path link = root.resolve(".swap-link");
                        Files.deleteIfExists(link);
                        Files.createSymbolicLink(link, secret);
                        Files.move(link, root.resolve("public.txt"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        Path file = root.resolve(".swap-file");
                        Files.write(file, inside);
                        Files.move(file, root.resolve("public.txt"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        swaps.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            int served = 0;
            try (Wire wire = server.connect()) {
                // at least 3000 GETs, and on until the swapper (which a loaded machine may starve) raced a few times
                for (int i = 0; (i < 3000 || swaps.get() <= 10) && i < 100_000; i++) {
                    String reply = wire.command("GET public.txt");
                    if (reply.startsWith("OK ")) {
                        byte[] body = wire.readBytes(Long.parseLong(reply.substring(3)));
                        assertThat(new String(body, StandardCharsets.UTF_8)).as("GET %d", i).isEqualTo(new String(inside, StandardCharsets.UTF_8));
                        served++;
                    } else {
                        assertThat(reply).as("GET %d", i).matches("ERR (403|404) .*");
                    }
                }
            } finally {
                swapping.set(false);
                swapper.join();
            }
            assertThat(served).as("some GETs found the real file").isPositive();
            assertThat(swaps.get()).as("the swap really raced").isGreaterThan(10);
        }
    }

    @Test
    void concurrentOverwritesLeaveStatAnsweringTheStoredFilesDigest() throws Exception {
        Path root = Files.createDirectory(sandbox.resolve("root"));
        try (TestServer server = TestServer.on(root).overwrite(true).start()) {
            for (int round = 0; round < 150; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<String>> uploads = new ArrayList<>();
                for (int u = 0; u < 3; u++) {
                    byte[] body = ("round " + round + " upload " + u + " ").repeat(1 + u * 50).getBytes(StandardCharsets.UTF_8);
                    uploads.add(CompletableFuture.supplyAsync(() -> {
                        try (Wire wire = server.connect()) {
                            go.await();
                            return wire.put("same.txt", body);
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }));
                }
                go.countDown();
                uploads.forEach(upload -> assertThat(upload.join()).startsWith("OK "));
                try (Wire wire = server.connect()) {
                    String stored = Wire.sha256(Files.readAllBytes(root.resolve("same.txt")));
                    assertThat(wire.command("STAT same.txt")).as("round %d", round).contains(" " + stored + " ");
                }
            }
        }
    }

    @Test
    void twoSessionsUploadingOneNewNameGiveOneOkAndOne409AndOneWholeFile() throws Exception {
        Path root = Files.createDirectory(sandbox.resolve("root"));
        Random random = new Random(3);
        try (TestServer server = TestServer.on(root).start(); Wire a = server.connect(); Wire b = server.connect()) {
            for (int round = 0; round < 200; round++) {
                byte[] first = new byte[1000 + random.nextInt(50_000)];
                byte[] second = new byte[1000 + random.nextInt(50_000)];
                random.nextBytes(first);
                random.nextBytes(second);
                String name = "new-" + round + ".bin";
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<String> fromA = CompletableFuture.supplyAsync(() -> put(a, go, name, first));
                CompletableFuture<String> fromB = CompletableFuture.supplyAsync(() -> put(b, go, name, second));
                go.countDown();
                List<String> replies = List.of(fromA.join(), fromB.join());
                assertThat(replies).as("round %d", round).filteredOn(r -> r.startsWith("OK ")).hasSize(1);
                assertThat(replies).as("round %d", round).filteredOn(r -> r.equals("ERR 409 " + name + " already exists and overwriting is off")
                        || r.equals("ERR 409 " + name + " was created by another upload meanwhile")).hasSize(1);
                String stored = Wire.sha256(Files.readAllBytes(root.resolve(name)));
                assertThat(stored).isIn(Wire.sha256(first), Wire.sha256(second));
                assertThat(replies.stream().filter(r -> r.startsWith("OK ")).findFirst().orElseThrow()).endsWith(stored);
            }
        }
    }

    @Test
    void readersDuringOverwritesAlwaysGetOneWholeVersion() throws Exception {
        Path root = Files.createDirectory(sandbox.resolve("root"));
        byte[][] versions = new byte[3][];
        Random random = new Random(5);
        for (int v = 0; v < versions.length; v++) {
            versions[v] = new byte[100_000 + v * 77_777];
            random.nextBytes(versions[v]);
        }
        Set<String> digests = Set.of(Wire.sha256(versions[0]), Wire.sha256(versions[1]), Wire.sha256(versions[2]));
        Files.write(root.resolve("doc.bin"), versions[0]);
        AtomicBoolean writing = new AtomicBoolean(true);
        try (TestServer server = TestServer.on(root).overwrite(true).start()) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (Wire wire = server.connect()) {
                    for (int i = 0; writing.get(); i++) {
                        assertThat(wire.put("doc.bin", versions[i % versions.length])).startsWith("OK ");
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Wire reader = server.connect()) {
                for (int i = 0; i < 500; i++) {
                    assertThat(Wire.sha256(reader.get("doc.bin"))).as("read %d", i).isIn(digests);
                }
            } finally {
                writing.set(false);
                writer.join();
            }
        }
    }

    @Test
    void listComesFromAnIndexThatFollowsUploadsAndChangesMadeByHand() throws Exception {
        Path root = Files.createDirectory(sandbox.resolve("root"));
        for (int i = 0; i < 2000; i++) {
            Files.write(root.resolve("seed-%04d.bin".formatted(i)), new byte[i % 7]);
        }
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            String list = wire.command("LIST");
            assertThat(list).endsWith(" 2000 files, 0 folders");
            wire.readBytes(Long.parseLong(list.split(" ")[1]));
            assertThat(wire.put("new.bin", new byte[3])).startsWith("OK 3 ");
            assertThat(listing(wire)).contains("3 new.bin\r\n").doesNotContain(".upload-");
            Files.write(root.resolve("by-hand.bin"), new byte[5]);
            await().atMost(Duration.ofSeconds(10)).until(() -> listing(wire).contains("5 by-hand.bin\r\n"));
            Files.delete(root.resolve("seed-0001.bin"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !listing(wire).contains("seed-0001.bin"));
        }
    }

    @Test
    void anUploadChangedByHandIsListedAsItIsNow() throws Exception {
        Path root = Files.createDirectory(sandbox.resolve("root"));
        Path outside = Files.write(sandbox.resolve("outside.bin"), new byte[3]);
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            assertThat(wire.put("up.bin", new byte[3])).startsWith("OK 3 ");
            assertThat(listing(wire)).contains("3 up.bin\r\n");
            // the same name, another size: what the index recorded at the upload no longer holds
            Files.write(root.resolve("up.bin"), new byte[7]);
            await().atMost(Duration.ofSeconds(10)).until(() -> listing(wire).contains("7 up.bin\r\n"));
            // a link of the recorded size, leading out of the root: not a file of the library
            assertThat(wire.put("linked.bin", new byte[3])).startsWith("OK 3 ");
            Path linked = root.resolve("linked.bin");
            Files.delete(linked);
            Files.createSymbolicLink(linked, outside);
            await().atMost(Duration.ofSeconds(10)).until(() -> !listing(wire).contains("linked.bin"));
            // an uploaded folder's tree deleted by hand goes from the listing as a whole
            assertThat(wire.command("MKDIR gone")).startsWith("OK");
            assertThat(wire.put("gone/inner.bin", new byte[2])).startsWith("OK 2 ");
            deleteTree(root.resolve("gone"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !listing(wire).contains("gone/"));
            assertThat(wire.command("STAT gone/inner.bin")).startsWith("ERR 404");
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String listing(Wire wire) throws IOException {
        String reply = wire.command("LIST");
        return new String(wire.readBytes(Long.parseLong(reply.split(" ")[1])), StandardCharsets.UTF_8);
    }

    private static String put(Wire wire, CountDownLatch go, String name, byte[] body) {
        try {
            go.await();
            return wire.put(name, body);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
