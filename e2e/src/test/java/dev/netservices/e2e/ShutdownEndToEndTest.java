package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM, as Docker or run.sh sends it, while an upload is in flight: the upload completes, then the JVM exits. */
class ShutdownEndToEndTest {

    @TempDir
    Path work;

    private Process service;

    @AfterEach
    void killLeftovers() {
        if (service != null) {
            service.destroyForcibly();
        }
    }

    @Test
    void aTransferRunningAtSigtermCompletesAndTheServiceStopsWithinTheTimeout() throws Exception {
        List<Integer> ports = RepositoryFiles.freeTcpPorts(2);
        Path jar;
        try (var jars = Files.list(RepositoryFiles.root().resolve("file-service/target"))) {
            jar = jars.filter(p -> p.getFileName().toString().matches("file-service-.*\\.jar")).findFirst().orElseThrow();
        }
        Path root = Files.createDirectories(work.resolve("files"));
        ProcessBuilder builder = new ProcessBuilder(Cli.java(), "-jar", jar.toString(), "--server.port=" + ports.get(0))
                .redirectErrorStream(true).redirectOutput(work.resolve("files.log").toFile());
        builder.environment().put("FILES_PORT", String.valueOf(ports.get(1)));
        builder.environment().put("FILES_ROOT", root.toString());
        service = builder.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .until(() -> Files.readString(work.resolve("files.log")).contains("Started "));

        // random bytes, not zeros: a lost or repeated chunk shows in the digest
        byte[] half = new byte[4 << 20];
        new java.util.Random(25).nextBytes(half);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(half);
        sha256.update(half);
        String digest = HexFormat.of().formatHex(sha256.digest());
        try (Socket socket = new Socket("localhost", ports.get(1))) {
            BufferedReader replies = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(replies.readLine()).startsWith("OK");
            OutputStream out = socket.getOutputStream();
            out.write(("PUT during-shutdown.bin " + 2 * half.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(half);
            out.flush();

            service.toHandle().destroy(); // SIGTERM
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(work.resolve("files.log")).contains("draining"));
            out.write(half);
            out.flush();

            assertThat(replies.readLine()).isEqualTo("OK " + 2 * half.length + " " + digest);
        }
        assertThat(service.waitFor(35, TimeUnit.SECONDS)).as("stopped within the 30 s shutdown timeout").isTrue();
        byte[] stored = Files.readAllBytes(root.resolve("during-shutdown.bin"));
        assertThat(stored).hasSize(2 * half.length);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored))).as("the bytes sent, whole").isEqualTo(digest);
    }
}
