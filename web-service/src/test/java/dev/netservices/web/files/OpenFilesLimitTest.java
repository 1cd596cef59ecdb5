package dev.netservices.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.web.support.PythonWithH2;
import dev.netservices.web.support.SmallHeapWebServer;

/**
 * A client that asks for a large file on every HTTP/2 stream and opens no window holds each stream's file open
 * until the idle timeout. Unbounded, four such connections took the process's descriptors and the acceptor failed
 * every new connection ("Too many open files") for every client. Now the files held open are bounded
 * ({@code web.max-open-files}, by default half the descriptor limit): past it a response from disk is a 503 with
 * {@code Retry-After}, and a second client is still accepted and answered. The server runs in its own JVM under
 * {@code ulimit -n 400}; python's h2 package (python3-h2) is the client.
 */
class OpenFilesLimitTest {

    private static final int DESCRIPTORS = 400;
    private static final int BIG = 300_000; // over web.cache.max-file-size: opened per request

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
    void streamsHoldingFilesBehindAZeroWindowDoNotStarveAnotherClient() throws Exception {
        try (SmallHeapWebServer server = SmallHeapWebServer.startWithOpenFileLimit(root, "open-files-limit-server.log",
                DESCRIPTORS)) {
            // 4 connections x 128 streams asking for a file each: more files than the process has descriptors
            Process holder = python(server.port(), "hold", "4", "128", "/big.bin");
            BufferedReader holding = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String held = holding.readLine();
            assertThat(held).as("every stream of the holder answered").isNotNull().startsWith("HELD ");

            // a second client over HTTP/2 is accepted and answered: its small file from the cache, its large one a 503
            Process second = python(server.port(), "fetch", "/big.bin", "/small.txt");
            String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(out).isZero();
            assertThat(out.lines().toList()).as(out).hasSize(2).element(1).isEqualTo("3 200 17");
            assertThat(out.lines().toList().get(0)).startsWith("1 503 ");

            // and over HTTP/1.1 the same limit answers, with Retry-After and the limit named
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(response).startsWith("HTTP/1.1 503 Service Unavailable\r\n").contains("\r\nRetry-After: 1\r\n")
                        .contains("the server holds its limit of 200 files open for responses; try again shortly");
            }
            assertThat(server.readiness()).isEqualTo("UP");
            // half of 400 descriptors is the default limit: that many are served, the rest told to come back
            assertThat(held).isEqualTo("HELD 200:" + DESCRIPTORS / 2 + " 503:" + (4 * 128 - DESCRIPTORS / 2));

            holder.getOutputStream().close(); // the holder lets go: its files are given back
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
                Process again = python(server.port(), "fetch", "/big.bin");
                String answer = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                again.waitFor(60, TimeUnit.SECONDS);
                assertThat(answer.strip()).isEqualTo("1 200 " + BIG);
            });
        }
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
