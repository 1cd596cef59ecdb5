package dev.netservices.web.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.RawClient.RawResponse;
import dev.netservices.web.support.SmallHeapWebServer;

/**
 * Issue 12, section 5: 220 connections pipeline requests for many different 120 KB files and never read.
 * Against a server JVM with a small heap and a small direct-memory limit, other clients are still served
 * and readiness stays UP (before the fix both loops died of "Cannot reserve direct buffer memory").
 */
class StalledClientsAttackTest {

    private static final int FILES = 400;
    private static final int FILE_BYTES = 120 * 1024;
    private static final int ATTACKERS = 220;
    private static final int REQUESTS_EACH = 40;

    @Test
    void stalledPipeliningClientsCannotStopTheServerAnsweringOthers(@TempDir Path root) throws Exception {
        Random random = new Random(12);
        byte[][] contents = new byte[FILES][];
        for (int i = 0; i < FILES; i++) {
            contents[i] = new byte[FILE_BYTES];
            random.nextBytes(contents[i]);
            Files.write(root.resolve("f" + i + ".bin"), contents[i]);
        }
        Files.writeString(root.resolve("index.html"), "<p>still here</p>\n");
        try (SmallHeapWebServer server = SmallHeapWebServer.start(root, "attack-server.log")) {
            int port = server.port();
            List<Socket> attackers = new ArrayList<>();
            try {
                for (int a = 0; a < ATTACKERS; a++) {
                    Socket socket = new Socket();
                    socket.setReceiveBufferSize(4096);
                    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
                    attackers.add(socket);
                    StringBuilder requests = new StringBuilder();
                    for (int r = 0; r < REQUESTS_EACH; r++) {
                        requests.append("GET /f").append(random.nextInt(FILES)).append(".bin HTTP/1.1\r\nHost: x\r\n\r\n");
                    }
                    OutputStream stream = socket.getOutputStream();
                    stream.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
                    stream.flush();
                }

                for (int probe = 0; probe < 60; probe++) {
                    int n = random.nextInt(FILES);
                    try (RawClient client = new RawClient(port)) {
                        RawResponse page = client.send("GET /f" + n + ".bin HTTP/1.1\r\nHost: x\r\n\r\n").read();
                        assertThat(page.status()).as("probe %d", probe).isEqualTo(200);
                        assertThat(page.body()).as("probe %d", probe).isEqualTo(contents[n]);
                        assertThat(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().bodyText()).isEqualTo("<p>still here</p>\n");
                    }
                }
                assertThat(server.readiness()).as("readiness while the attackers stall").isEqualTo("UP");
            } finally {
                for (Socket socket : attackers) {
                    socket.close();
                }
            }
        }
    }
}
