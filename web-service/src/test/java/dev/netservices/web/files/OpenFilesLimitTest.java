package dev.netservices.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.web.support.PythonWithH2;
import dev.netservices.web.support.SmallHeapWebServer;

/**
 * A client that asks for a large file on every HTTP/2 stream and opens no window used to hold each stream's file
 * open until the idle timeout: four such connections took the process's descriptors, and the acceptor then failed
 * every new connection ("Too many open files") for every client. Now a connection holds at most
 * {@code web.http2.max-open-files-per-connection} (16) files, its other requests waiting unanswered, and the server
 * at most {@code web.max-open-files} (by default half the descriptor limit), past which a response from disk is a
 * 503 with {@code Retry-After}. The server runs in its own JVM under {@code ulimit -n 400} with the default settings;
 * python's h2 package (python3-h2) is the client.
 */
class OpenFilesLimitTest {

    private static final int DESCRIPTORS = 400;
    private static final int SERVER_LIMIT = DESCRIPTORS / 2; // web.max-open-files' default
    private static final int PER_CONNECTION = 16; // web.http2.max-open-files-per-connection's default
    private static final int BIG = 300_000; // over web.cache.max-file-size: sent from disk, its file held open

    @TempDir
    Path root;
    Path script;
    final List<Process> clients = new ArrayList<>();

    @BeforeEach
    void files() throws Exception {
        Files.write(root.resolve("big.bin"), new byte[BIG]);
        Files.writeString(root.resolve("small.txt"), "small and cached\n");
        script = root.resolveSibling(root.getFileName() + "-h2_client.py");
        try (InputStream in = getClass().getResourceAsStream("/h2/h2_client.py")) {
            Files.write(script, in.readAllBytes());
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process client : clients) {
            client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(script);
    }

    @Test
    void streamsWaitingBehindAZeroWindowHoldAFewFilesAndAnotherClientGetsItsFile() throws Exception {
        try (SmallHeapWebServer server = SmallHeapWebServer.startWithOpenFileLimit(root, "open-files-starve-server.log",
                DESCRIPTORS)) {
            // 4 connections x 128 streams asking for a file each: more files than the process has descriptors
            Process holder = python(server.port(), "hold", "4", "128", "" + PER_CONNECTION, "/big.bin");
            assertThat(held(holder)).as("16 answered on each connection, the rest waiting").isEqualTo("HELD 200:64");

            List<String> second = fetch(server.port(), "/big.bin", "/small.txt");
            assertThat(second).containsExactly("1 200 " + BIG, "3 200 17");
            assertThat(server.readiness()).isEqualTo("UP");
            release(holder);
        }
    }

    @Test
    void pastTheServersLimitOfOpenFilesAnotherClientIsAccepted503AndServedOnceFilesAreLetGo() throws Exception {
        try (SmallHeapWebServer server = SmallHeapWebServer.startWithOpenFileLimit(root, "open-files-limit-server.log",
                DESCRIPTORS)) {
            // 14 connections x 16 streams: 224 files, past the server's 200
            Process holder = python(server.port(), "hold", "14", "" + PER_CONNECTION, "" + PER_CONNECTION, "/big.bin");
            assertThat(held(holder)).isEqualTo("HELD 200:" + SERVER_LIMIT + " 503:" + (14 * PER_CONNECTION - SERVER_LIMIT));

            // a second client over HTTP/2 is accepted and answered: its small file from the cache, its large one a 503
            List<String> second = fetch(server.port(), "/big.bin", "/small.txt");
            assertThat(second).hasSize(2).element(1).isEqualTo("3 200 17");
            assertThat(second.get(0)).startsWith("1 503 ");

            // and over HTTP/1.1 the same limit answers, with Retry-After and the limit named
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(response).startsWith("HTTP/1.1 503 Service Unavailable\r\n").contains("\r\nRetry-After: 1\r\n")
                        .contains("the server holds its limit of " + SERVER_LIMIT + " files open for responses; try again shortly");
            }
            assertThat(server.readiness()).isEqualTo("UP");

            release(holder); // its files are given back
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(fetch(server.port(), "/big.bin")).containsExactly("1 200 " + BIG));
        }
    }

    private static String held(Process holder) throws Exception {
        return new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    private static void release(Process holder) throws Exception {
        holder.getOutputStream().close();
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private List<String> fetch(int port, String... paths) throws Exception {
        List<String> args = new ArrayList<>(List.of("fetch"));
        args.addAll(List.of(paths));
        Process process = python(port, args.toArray(String[]::new));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    private Process python(int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PythonWithH2.find().toString(), script.toString(),
                String.valueOf(port)));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        clients.add(process);
        return process;
    }
}
