package dev.netservices.chat.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.netservices.common.tools.RequiredTool;

/**
 * A real {@code redis-server} (Debian's package) for the cluster tests, on a free port, without persistence;
 * stopped (and restarted on the same port) by the test. Never an in-memory stand-in.
 */
final class RedisServer implements AutoCloseable {

    /** Found on the PATH, or the test fails naming the package to install. */
    private final Path binary = RequiredTool.onPath("redis-server", "redis-server");
    private final int port;
    private final Path log;
    private final List<String> extra;
    private Process process;

    private RedisServer(int port, List<String> extra) throws IOException {
        this.port = port;
        this.log = Files.createTempFile("chat-test-redis", ".log");
        this.extra = extra;
    }

    /** {@code extra}: further redis-server arguments ({@code --aclfile ...}). */
    static RedisServer start(String... extra) throws IOException {
        RedisServer server = new RedisServer(freePort(), List.of(extra));
        server.startAgain();
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    void startAgain() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"));
        command.addAll(extra);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(this::answersPing);
    }

    /** Stops it (SIGTERM) and waits until it is gone. */
    void stop() throws InterruptedException {
        try {
            thaw(); // a stopped process would not act on SIGTERM
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process.destroy();
        process.waitFor();
    }

    /** SIGSTOP: Redis hangs as a stuck or swapped-out server does; connections stay open and nothing is answered. */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: it answers again, everything it was sent meanwhile included. */
    void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + exit);
            }
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, 7);
            String answer = new String(reply, 0, read, StandardCharsets.US_ASCII);
            return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH"); // up, and asking for a password
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) {
                stop();
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
