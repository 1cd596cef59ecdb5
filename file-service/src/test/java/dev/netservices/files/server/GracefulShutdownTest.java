package dev.netservices.files.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.common.server.ProtocolServerLifecycle;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** Stopping the service lets a running download finish, ends idle sessions politely, and takes no one new. */
class GracefulShutdownTest {

    private static final int SIZE = 48 << 20;

    @TempDir
    Path root;

    @Test
    void runningDownloadCompletesWhileTheServerStops() throws Exception {
        byte[] bytes = new byte[SIZE];
        new Random(7).nextBytes(bytes);
        Files.write(root.resolve("big.bin"), bytes);
        String expected = Wire.sha256(bytes);

        TestServer server = TestServer.on(root).start();
        ProtocolServerLifecycle lifecycle = new ProtocolServerLifecycle(List.of(server.server()), Duration.ofSeconds(60), ServiceClock.SYSTEM);
        lifecycle.start();
        try (Wire downloader = server.connect(); Wire idle = server.connect()) {
            assertThat(downloader.command("GET big.bin")).isEqualTo("OK " + SIZE);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            InputStream in = downloader.input();
            byte[] chunk = new byte[64 * 1024];
            long received = readInto(in, digest, chunk, 1 << 20);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(lifecycle::stop);
            assertThat(idle.readLine()).as("an idle session is told why it ends").isEqualTo("ERR 503 server is shutting down; closing");
            await().atMost(Duration.ofSeconds(10)).until(() -> !server.server().isServing());
            assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", server.port()), 2000))
                    .as("no new connections while draining").isInstanceOf(IOException.class);
            assertThat(stopping).as("stop waits for the transfer").isNotDone();

            received += readInto(in, digest, chunk, SIZE - received);
            assertThat(received).isEqualTo(SIZE);
            assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(expected);
            assertThat(downloader.readLine()).isEqualTo("ERR 503 server is shutting down; closing");
            stopping.get();
        } finally {
            server.close();
        }
        assertThat(server.server().port()).isEqualTo(-1);
    }

    private static long readInto(InputStream in, MessageDigest digest, byte[] chunk, long count) throws IOException {
        long done = 0;
        while (done < count) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, count - done));
            if (n < 0) {
                break;
            }
            digest.update(chunk, 0, n);
            done += n;
        }
        return done;
    }
}
