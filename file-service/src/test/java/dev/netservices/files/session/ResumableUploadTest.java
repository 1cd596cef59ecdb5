package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * The resumable form of PUT ({@code PUT <path> <size> <offset>}): answered before its body, so a refusal costs
 * no body on the wire; the part of an upload whose client was killed is kept, reported by STAT, counted in the
 * quota, and continued from exactly where it stopped, the final digest covering the whole file.
 */
class ResumableUploadTest {

    @TempDir
    Path root;

    @Test
    void aRefusedPutIsAnsweredBeforeAnyBodyByteIsSent() throws IOException {
        try (TestServer server = TestServer.on(root).maxFileSize(1000).start(); Wire wire = server.connect()) {
            wire.put("taken.txt", "taken".getBytes());
            // no body follows any of these lines: each refusal arrives, and the next command is read as one
            assertThat(wire.command("PUT taken.txt 500 0")).isEqualTo("ERR 409 taken.txt already exists and overwriting is off");
            assertThat(wire.command("PUT big.bin 200000000 0")).isEqualTo("ERR 413 200000000 bytes is over the file size limit of 1000 bytes");
            assertThat(wire.command("PUT missing/a.txt 5 0")).isEqualTo("ERR 404 no such folder: missing");
            assertThat(wire.command("PUT ../a.txt 5 0")).isEqualTo("ERR 403 refused name: name is . or ..");
            assertThat(wire.command("PUT a.txt 5 6")).isEqualTo("ERR 400 offset 6 is past the size 5");
            assertThat(wire.command("PUT a.txt 5 3")).isEqualTo("ERR 416 the server holds 0 bytes of an upload of a.txt, not 3: resume from 0");
            assertThat(wire.command("STAT taken.txt")).startsWith("OK 5 ");
        }
    }

    @Test
    void anUploadWhoseClientWasKilledResumesFromWhereItStopped() throws Exception {
        byte[] file = new byte[100_000];
        new Random(7).nextBytes(file);
        try (TestServer server = TestServer.on(root).start()) {
            try (Wire killed = server.connect()) {
                assertThat(killed.command("PUT big.bin 100000 0")).isEqualTo("OK send 100000 bytes from 0");
                killed.sendBytes(Arrays.copyOfRange(file, 0, 40_000));
                // once the partial holds them all, the client dies (a reset, as a killed process's socket)
                await().atMost(Duration.ofSeconds(20)).until(() -> partialBytes() == 40_000);
                killed.socket().setSoLinger(true, 0);
            }
            try (Wire wire = server.connect()) {
                // the quota counts the partial once the server has seen the client go (before, it is an upload in flight)
                await().atMost(Duration.ofSeconds(20)).until(() -> server.store().usedBytes() == 40_000);
                assertThat(wire.command("STAT big.bin")).isEqualTo("OK partial 40000 of 100000 big.bin");
                assertThat(wire.command("LIST")).isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
                assertThat(wire.command("PUT big.bin 100000 40000")).isEqualTo("OK send 60000 bytes from 40000");
                wire.sendBytes(Arrays.copyOfRange(file, 40_000, file.length));
                assertThat(wire.readLine()).isEqualTo("OK 100000 " + Wire.sha256(file));
                assertThat(wire.get("big.bin")).isEqualTo(file);
                assertThat(server.store().usedBytes()).isEqualTo(100_000);
                assertThat(wire.command("STAT big.bin")).isEqualTo("OK 100000 " + Wire.sha256(file) + " big.bin");
            }
        }
        try (var entries = Files.list(root)) {
            assertThat(entries.map(entry -> entry.getFileName().toString())).containsExactly("big.bin");
        }
    }

    @Test
    void aResumeTakesOverAnUploadOfTheSamePartialStillInProgressWhichIsAnswered409() throws Exception {
        byte[] file = new byte[100_000];
        new Random(8).nextBytes(file);
        try (TestServer server = TestServer.on(root).start(); Wire older = server.connect(); Wire wire = server.connect()) {
            assertThat(older.command("PUT big.bin 100000 0")).isEqualTo("OK send 100000 bytes from 0");
            older.sendBytes(Arrays.copyOfRange(file, 0, 40_000));
            await().atMost(Duration.ofSeconds(20)).until(() -> partialBytes() == 40_000);
            // the older connection is alive but silent (a dropped path the server has not noticed): the resume takes over
            assertThat(wire.command("STAT big.bin")).isEqualTo("OK partial 40000 of 100000 big.bin");
            assertThat(wire.command("PUT big.bin 100000 40000")).isEqualTo("OK send 60000 bytes from 40000");
            older.sendBytes(new byte[] {file[40_000]});
            assertThat(older.readLine()).isEqualTo("ERR 409 a resumed upload of big.bin took over from this one");
            wire.sendBytes(Arrays.copyOfRange(file, 40_000, file.length));
            assertThat(wire.readLine()).isEqualTo("OK 100000 " + Wire.sha256(file));
            assertThat(wire.get("big.bin")).isEqualTo(file);
            assertThat(server.store().usedBytes()).as("the file once, no partial").isEqualTo(100_000);
        }
    }

    /**
     * Anonymous clients at different addresses do not share partial uploads: one's resume never appends its bytes to
     * another's part of the same name (they once did, and the mixed file was stored).
     */
    @Test
    void anAnonymousPartialIsResumedOnlyFromTheAddressThatLeftIt() throws Exception {
        try (TestServer server = TestServer.on(root).start()) {
            try (Wire first = server.connect()) {
                assertThat(first.command("PUT shared.bin 20 0")).isEqualTo("OK send 20 bytes from 0");
                first.sendBytes("AAAAAAAAAA".getBytes());
                await().atMost(Duration.ofSeconds(20)).until(() -> partialBytes() == 10);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> server.store().usedBytes() == 10);
            try (Wire other = new Wire(fromAddress("127.0.0.2", server.port()))) {
                assertThat(other.command("STAT shared.bin")).isEqualTo("ERR 404 no such file: shared.bin");
                assertThat(other.command("PUT shared.bin 20 10"))
                        .isEqualTo("ERR 416 the server holds 0 bytes of an upload of shared.bin, not 10: resume from 0");
            }
            try (Wire again = server.connect()) {
                assertThat(again.command("STAT shared.bin")).isEqualTo("OK partial 10 of 20 shared.bin");
                assertThat(again.command("PUT shared.bin 20 10")).isEqualTo("OK send 10 bytes from 10");
                again.sendBytes("aaaaaaaaaa".getBytes());
                assertThat(again.readLine()).isEqualTo("OK 20 " + Wire.sha256("AAAAAAAAAAaaaaaaaaaa".getBytes()));
            }
        }
    }

    private static Socket fromAddress(String local, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(local, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return socket;
    }

    @Test
    void aResumeForAnotherSizeOrFromZeroStartsOver() throws Exception {
        try (TestServer server = TestServer.on(root).start()) {
            try (Wire first = server.connect()) {
                first.command("PUT a.bin 10 0");
                first.sendBytes("12345".getBytes());
                await().atMost(Duration.ofSeconds(20)).until(() -> partialBytes() == 5);
            }
            try (Wire wire = server.connect()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> server.store().usedBytes() == 5);
                assertThat(wire.command("STAT a.bin")).isEqualTo("OK partial 5 of 10 a.bin");
                assertThat(wire.command("PUT a.bin 8 3")).isEqualTo("ERR 416 the server holds 0 bytes of an upload of a.bin, not 3: resume from 0");
                assertThat(wire.command("STAT a.bin")).isEqualTo("ERR 404 no such file: a.bin");
                assertThat(server.store().usedBytes()).isZero();
                assertThat(wire.command("PUT a.bin 3 0")).isEqualTo("OK send 3 bytes from 0");
                wire.sendBytes("abc".getBytes());
                assertThat(wire.readLine()).isEqualTo("OK 3 " + Wire.sha256("abc".getBytes()));
            }
        }
    }

    @Test
    void theClassicFormStillTakesItsBodyWithoutWaiting() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            wire.send("PUT a.txt 5\r\nhelloPUT a.txt 5\r\nworldSTAT a.txt\r\n");
            assertThat(wire.readLine()).isEqualTo("OK 5 " + Wire.sha256("hello".getBytes()));
            assertThat(wire.readLine()).isEqualTo("ERR 409 a.txt already exists and overwriting is off");
            assertThat(wire.readLine()).startsWith("OK 5 ");
        }
    }

    private long partialBytes() throws IOException {
        try (var entries = Files.list(root)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith(".partial-")).mapToLong(entry -> entry.toFile().length()).sum();
        }
    }
}
