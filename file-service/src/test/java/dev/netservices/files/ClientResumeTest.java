package dev.netservices.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.client.files.FileClient;
import dev.netservices.files.support.CuttingRelay;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * The file client's resume over a real broken connection: a TCP relay between the client and the real server cuts the
 * connection part way through an upload. The client opens a new one and continues from what the server holds by
 * itself ({@code put}); when it cannot get back (a killed client, a network gone), {@code put -c} later continues
 * from there. Either way the server's file is byte-exact, with the file's SHA-256, the bytes after the cut are fewer
 * than the whole file (a resume, not a new start), and the quota counts the file once.
 */
class ClientResumeTest {

    private static final int SIZE = 4 * 1024 * 1024;
    private static final long CUT_AFTER = 1024 * 1024 + 12_345;
    private static final Pattern RESUMED_AT = Pattern.compile("resuming big\\.bin at byte (\\d+)");

    @TempDir
    Path work;

    private Path root;
    private Path file;
    private final byte[] bytes = new byte[SIZE];

    @BeforeEach
    void aLocalFile() throws IOException {
        new Random(19).nextBytes(bytes);
        root = Files.createDirectory(work.resolve("root"));
        file = work.resolve("big.bin");
        Files.write(file, bytes);
    }

    @Test
    void anUploadWhoseConnectionBreaksResumesByItselfAndArrivesByteExact() throws IOException {
        try (TestServer server = TestServer.on(root).start(); CuttingRelay relay = CuttingRelay.to(server.port(), CUT_AFTER)) {
            Run put = files(relay.port(), "put", file.toString(), "big.bin");
            assertThat(put.status()).as(put.err()).isZero();
            assertThat(relay.cut()).as("the relay cut the first connection").isTrue();
            assertThat(put.out()).contains("connection lost during put big.bin", "resuming",
                    "uploaded big.bin (%d bytes, sha256 %s verified)".formatted(SIZE, Wire.sha256(bytes)));
            long resumedAt = resumedAt(put.out());
            assertThat(resumedAt).as("resumed from what the server held").isPositive().isLessThanOrEqualTo(CUT_AFTER);
            assertThat(relay.bytesToServer()).as("the rest only, not the whole file again").isLessThan(CUT_AFTER + SIZE - resumedAt + 4096);
            assertStoredOnce(server);
        }
    }

    @Test
    void aResumeWhileTheServerStillWaitsOnTheDroppedConnectionLeavesOneFileCountedOnce() throws IOException {
        try (TestServer server = TestServer.on(root).start();
                CuttingRelay relay = CuttingRelay.to(server.port(), CUT_AFTER).silentCut()) {
            Run put = files(relay.port(), "put", file.toString(), "big.bin");
            assertThat(put.status()).as(put.err()).isZero();
            assertThat(resumedAt(put.out())).isPositive();
            assertThat(put.out()).contains("uploaded big.bin (%d bytes, sha256 %s verified)".formatted(SIZE, Wire.sha256(bytes)));
            // The resume superseded the first session's upload. That session fails its upload once it next touches it:
            // at once if bytes from before the cut were still queued for it (on a loaded machine), else only when the
            // dropped connection's end reaches it below. Either way it fails once, and the file is stored once.
            assertThat(failedUploads(server)).as("the first session's upload, failed at most once so far").isLessThanOrEqualTo(1);
            // the network path's end reaches the server only now, after the resumed upload is in place
            relay.endServerSide();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> failedUploads(server) == 1);
            assertStoredOnce(server);
        }
    }

    @Test
    void anUploadCutWithNoWayBackIsContinuedByPutDashC() throws IOException {
        try (TestServer server = TestServer.on(root).start();
                CuttingRelay relay = CuttingRelay.to(server.port(), CUT_AFTER).refuseAfterCut()) {
            Run killed = files(relay.port(), "put", file.toString(), "big.bin");
            assertThat(killed.status()).isNotZero();
            assertThat(killed.err()).contains("put -c " + file);
            assertThat(root.resolve("big.bin")).doesNotExist();
            try (Wire wire = server.connect()) {
                // what the server holds once it has seen the broken connection end
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> failedUploads(server) == 1);
                assertThat(wire.command("STAT big.bin")).matches("OK partial \\d+ of " + SIZE + " big\\.bin");
            }

            Run resumed = files(server.port(), "put", "-c", file.toString(), "big.bin");
            assertThat(resumed.status()).as(resumed.err()).isZero();
            long resumedAt = resumedAt(resumed.out());
            assertThat(resumedAt).isPositive().isLessThanOrEqualTo(CUT_AFTER);
            assertThat(resumed.out()).contains("uploaded big.bin (%d bytes, sha256 %s verified)".formatted(SIZE, Wire.sha256(bytes)));
            assertStoredOnce(server);
        }
    }

    private void assertStoredOnce(TestServer server) throws IOException {
        assertThat(root.resolve("big.bin")).hasBinaryContent(bytes);
        try (Wire wire = server.connect()) {
            assertThat(wire.command("STAT big.bin")).isEqualTo("OK %d %s big.bin".formatted(SIZE, Wire.sha256(bytes)));
            // the partial became the file: counted once, no partial left over in the quota
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(wire.command("QUOTA")).startsWith("OK %d bytes used of ".formatted(SIZE)));
        }
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no partial file left").containsExactly("big.bin");
        }
    }

    private static double failedUploads(TestServer server) {
        var counter = server.registry().find("files.transfers").tag("command", "put").tag("outcome", "failed").counter();
        return counter == null ? 0 : counter.count();
    }

    private static long resumedAt(String out) {
        Matcher matcher = RESUMED_AT.matcher(out);
        assertThat(matcher.find()).as(out).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private record Run(int status, String out, String err) {
    }

    private static Run files(int port, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = Stream.concat(Stream.of("--port", String.valueOf(port), "-q"), Stream.of(args)).toArray(String[]::new);
        var client = FileClient.commandLine(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int status = FileClient.closingSession(client, client).execute(all);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
