package dev.netservices.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.RawClient.RawResponse;
import dev.netservices.web.support.TestWebServer;

/**
 * Issue 12, section 5: a name swapped back and forth between a file and a symlink to a file outside the
 * root while it is requested never yields a byte from outside: the file opened is the file checked.
 */
class SymlinkSwapRaceTest {

    private static final int SIZE = 200 * 1024; // larger than the test cache: every GET opens the file

    @Test
    void aNameSwappedForAnOutsideSymlinkNeverServesTheOutsideFile(@TempDir Path base) throws Exception {
        Path root = DemoFiles.create(base.resolve("site"));
        Path secret = base.resolve("outside/secret.bin");
        Files.createDirectories(secret.getParent());
        Files.write(secret, "SECRET!!".repeat(SIZE / 8).getBytes(StandardCharsets.US_ASCII));
        byte[] inside = "a".repeat(SIZE).getBytes(StandardCharsets.US_ASCII);
        Path name = root.resolve("race.bin");
        Files.write(name, inside);

        AtomicBoolean running = new AtomicBoolean(true);
        Thread swapper = Thread.ofPlatform().start(() -> {
            try {
                Path link = root.resolve(".link");
                Path plain = root.resolve(".plain");
                while (running.get()) {
                    Files.deleteIfExists(link);
                    Files.createSymbolicLink(link, secret);
                    Files.move(link, name, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Files.write(plain, inside);
                    Files.move(plain, name, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int served = 0;
        try (TestWebServer server = TestWebServer.start(root)) {
            for (int i = 0; i < 3000; i++) {
                try (RawClient client = server.connect()) {
                    RawResponse response = client.send("GET /race.bin HTTP/1.1\r\nHost: x\r\n\r\n").read();
                    assertThat(response.status()).as(response.bodyText()).isIn(200, 404);
                    if (response.status() == 200) {
                        assertThat(new String(response.body(), StandardCharsets.US_ASCII)).as("request %d", i)
                                .doesNotContain("SECRET");
                        served++;
                    }
                }
            }
        } finally {
            running.set(false);
            swapper.join();
        }
        assertThat(served).as("the race let the real file through too").isPositive();
    }
}
