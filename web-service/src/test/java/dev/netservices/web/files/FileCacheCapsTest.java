package dev.netservices.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.handler.Router;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.reactor.ServerStats;
import dev.netservices.web.reactor.WebServer;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.TestLimits;

/**
 * The two caps of the file cache, as docs/operations.md gives them: {@code web.cache.max-file-size} (a larger
 * file is never cached, so every request reads the disk) and {@code web.cache.max-size} (the cache never
 * holds more; files past it are still served, from disk).
 */
class FileCacheCapsTest {

    private static final int FILE_BYTES = 1000;

    @Test
    void aFileOverMaxFileSizeIsNotCachedAndASameSizeSameTimeChangeIsServedAtOnce(@TempDir Path root) throws Exception {
        Path small = root.resolve("small.txt");
        Path large = root.resolve("large.txt");
        Files.writeString(small, "a".repeat(100));
        Files.writeString(large, "a".repeat(101));
        WebServer server = serve(root, new FileCache(100, 1024 * 1024));
        try {
            assertThat(get(server, "/small.txt")).isEqualTo("a".repeat(100));
            assertThat(get(server, "/large.txt")).isEqualTo("a".repeat(101));

            // The same length and the same modification time: only a read of the disk can see this change.
            rewriteKeepingSizeAndTime(small, "b".repeat(100));
            rewriteKeepingSizeAndTime(large, "b".repeat(101));

            assertThat(get(server, "/large.txt")).as("over the cap: read from disk on every request").isEqualTo("b".repeat(101));
            assertThat(get(server, "/small.txt")).as("at the cap: served from memory, so the oracle above can fail")
                    .isEqualTo("a".repeat(100));
        } finally {
            server.close();
        }
    }

    @Test
    void theCacheNeverHoldsMoreThanMaxSizeAndServesEveryFileRight(@TempDir Path root) throws Exception {
        int files = 12;
        long maxSize = 4500; // room for four files of 1000 bytes, not five
        FileCache cache = new FileCache(FILE_BYTES, maxSize);
        for (int i = 0; i < files; i++) {
            Files.write(root.resolve("f" + i + ".bin"), content(i));
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < files; i++) {
                Path file = root.resolve("f" + i + ".bin");
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                ByteBuffer bytes = cache.get(file, attributes);
                if (bytes == null) {
                    try (FileChannel channel = FileChannel.open(file)) {
                        bytes = cache.admit(file, attributes, channel);
                    }
                }
                if (bytes != null) {
                    assertThat(toArray(bytes)).as("cached bytes of f%d", i).isEqualTo(content(i));
                }
            }
        }
        assertThat(heldBytes(cache, root, files)).as("bytes the cache holds").isEqualTo(4 * FILE_BYTES);

        WebServer server = serve(root, cache);
        try {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < files; i++) {
                    try (RawClient client = new RawClient(server.port())) {
                        RawClient.RawResponse response = client.send("GET /f" + i + ".bin HTTP/1.1\r\nHost: x\r\n\r\n").read();
                        assertThat(response.status()).isEqualTo(200);
                        assertThat(response.body()).as("f%d over the wire", i).isEqualTo(content(i));
                    }
                }
            }
        } finally {
            server.close();
        }
        assertThat(heldBytes(cache, root, files)).as("still under the cap after serving").isLessThanOrEqualTo(maxSize)
                .isEqualTo(4 * FILE_BYTES);
    }

    private static long heldBytes(FileCache cache, Path root, int files) throws Exception {
        long held = 0;
        for (int i = 0; i < files; i++) {
            Path file = root.resolve("f" + i + ".bin");
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (cache.holds(file, attributes)) {
                held += attributes.size();
            }
        }
        return held;
    }

    private static byte[] content(int i) {
        byte[] bytes = new byte[FILE_BYTES];
        Arrays.fill(bytes, (byte) ('A' + i));
        return bytes;
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static void rewriteKeepingSizeAndTime(Path file, String text) throws Exception {
        FileTime modified = Files.getLastModifiedTime(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
        }
        Files.setLastModifiedTime(file, modified);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
    }

    private static WebServer serve(Path root, FileCache cache) throws Exception {
        WebServer server = new WebServer(0, 1, TestLimits.DEFAULTS,
                new Router(List.of(), new StaticFiles(new ConfinedRoot(root), cache, new MediaTypes(), false,
                        new Compression(false, 0, 0, 0), new HttpDate(ServiceClock.SYSTEM))),
                exchange -> { }, new ServerStats(ServiceClock.SYSTEM), ServiceClock.SYSTEM);
        server.bind();
        return server;
    }

    private static String get(WebServer server, String path) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawClient.RawResponse response = client.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(200);
            return response.bodyText();
        }
    }
}
