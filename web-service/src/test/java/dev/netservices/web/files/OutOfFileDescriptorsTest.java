package dev.netservices.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.web.support.SmallHeapWebServer;

/**
 * A server out of file descriptors (a client holding connections, or HTTP/2 streams each with its file open, up to
 * the process's limit) cannot open a file that exists. That is a 500 "the file could not be read", never a 404: a
 * 404 tells the client, and any cache before it, that the file is gone.
 */
class OutOfFileDescriptorsTest {

    @Test
    void aFileThatCannotBeOpenedForWantOfDescriptorsIsA500NotA404(@TempDir Path root) throws Exception {
        Files.write(root.resolve("big.bin"), new byte[300_000]); // over web.cache.max-file-size: opened per request
        try (SmallHeapWebServer server = SmallHeapWebServer.startWithOpenFileLimit(root, "out-of-fds-server.log", 200);
                Socket asking = new Socket("127.0.0.1", server.port())) {
            // Classes load from target/classes, a file each: what the answer needs is loaded while there are
            // descriptors (a packaged jar, open once, needs none).
            asking.setSoTimeout(10_000);
            asking.getOutputStream().write("GET /missing HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(asking.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 404");
            asking.getInputStream().skip(asking.getInputStream().available());
            try (Socket closing = new Socket("127.0.0.1", server.port())) { // and what ends a connection
                closing.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(closing.getInputStream().readAllBytes().length).isGreaterThan(300_000);
            }
            List<Socket> holding = new ArrayList<>();
            try {
                // Connections until the server takes no more: its descriptors are then all in use. Each is
                // checked to be served first (a request answered), so it holds a descriptor for certain.
                for (int i = 0; i < 250; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
                    socket.setSoTimeout(1_000);
                    holding.add(socket);
                    socket.getOutputStream().write("HEAD /big.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    if (!answered(socket.getInputStream())) {
                        break;
                    }
                }
                // A few more wait in the accept queue, to take any descriptor that frees meanwhile.
                for (int i = 0; i < 20; i++) {
                    Socket waiting = new Socket();
                    waiting.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
                    holding.add(waiting);
                }
                OutputStream out = asking.getOutputStream();
                List<String> statuses = new ArrayList<>();
                // A descriptor the JVM frees for a moment serves GETs until the acceptor, which sleeps 50 ms after each
                // failed accept, takes it for a waiting connection: ten GETs fitted in one such sleep once (CI), so
                // the GETs go on for up to 10 s.
                long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < until && !statuses.contains("500")) {
                    out.write("GET /big.bin HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    InputStream in = asking.getInputStream();
                    String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII).substring(9);
                    statuses.add(status);
                    if (status.equals("200")) {
                        skipHead(in);
                        in.readNBytes(300_000);
                    }
                }
                assertThat(statuses).as("an existing file the server cannot open now").doesNotContain("404").contains("500");
            } finally {
                for (Socket socket : holding) {
                    socket.close();
                }
            }
        }
    }

    /** Reads up to and including the blank line that ends a response head. */
    private static void skipHead(InputStream in) throws java.io.IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("the connection closed inside a response head");
            }
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    /** Whether a response began within the socket's timeout. */
    private static boolean answered(InputStream in) {
        try {
            byte[] start = in.readNBytes(8);
            return new String(start, StandardCharsets.US_ASCII).equals("HTTP/1.1");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
