package dev.netservices.web.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.time.Deadline;
import dev.netservices.common.time.ManualClock;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient.RawResponse;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;

/** Connection-level behaviour over real sockets: keep-alive, pipelining, split reads, timeouts, limits, drain. */
class ConnectionBehaviourTest {

    private static final String GET_INDEX = "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n";

    @TempDir
    Path root;
    TestWebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestWebServer start() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.start(root);
        return server;
    }

    @Test
    void keepAliveReusesOneConnectionForManyRequests() throws Exception {
        start();
        try (RawClient client = server.connect()) {
            for (int i = 0; i < 5; i++) {
                RawResponse response = client.send(GET_INDEX).read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("Connection")).isNull();
                assertThat(response.bodyText()).isEqualTo(DemoFiles.INDEX);
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.exchanges().size() == 5);
        assertThat(server.server().liveSessions()).isLessThanOrEqualTo(1);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        start();
        try (RawClient client = server.connect()) {
            client.send("GET /style.css HTTP/1.1\r\nHost: x\r\n\r\nHEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /missing HTTP/1.1\r\nHost: x\r\n\r\nGET /data.json HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse css = client.read();
            RawResponse head = client.read(true);
            RawResponse missing = client.read();
            RawResponse json = client.read();
            assertThat(css.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(DemoFiles.INDEX.length()));
            assertThat(missing.status()).isEqualTo(404);
            assertThat(json.bodyText()).isEqualTo("{\"a\":1}\n");
        }
    }

    @Test
    void manyPipelinedRequestsOfALargeFileStayInOrderUnderBackPressure() throws Exception {
        start();
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i % 251);
        }
        java.nio.file.Files.write(root.resolve("big.bin"), big);
        try (RawClient client = server.connect()) {
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                requests.append(i % 2 == 0 ? "GET /big.bin" : "GET /digits.txt").append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            client.send(requests.toString());
            for (int i = 0; i < 20; i++) {
                RawResponse response = client.read();
                assertThat(response.body()).isEqualTo(i % 2 == 0 ? big : "0123456789abcdefghij".getBytes());
            }
        }
    }

    @Test
    void aResponseCutShortByAShrinkingFileIsStillInTheAccessLog() throws Exception {
        start();
        Path file = root.resolve("shrinking.bin");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(64L * 1024 * 1024);
        }
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /shrinking.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(socket.getInputStream().readNBytes(15)).asString().isEqualTo("HTTP/1.1 200 OK");
            try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(1000);
            }
            long received = socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            assertThat(received).as("the connection ends before the promised length").isLessThan(64L * 1024 * 1024);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.exchanges())
                .anySatisfy(e -> {
                    assertThat(e.requestLine()).isEqualTo("GET /shrinking.bin HTTP/1.1");
                    assertThat(e.status()).isEqualTo(200);
                    assertThat(e.bodyBytes()).isLessThan(64L * 1024 * 1024);
                }));
    }

    @Test
    void aRequestSentOneByteAtATimeIsServed() throws Exception {
        start();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            for (byte b : GET_INDEX.getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
                Thread.sleep(2);
            }
            socket.setSoTimeout(10_000);
            String response = new String(socket.getInputStream().readNBytes(15), StandardCharsets.US_ASCII);
            assertThat(response).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        start();
        try (RawClient client = server.connect()) {
            RawResponse response = client.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        start();
        try (RawClient client = server.connect()) {
            assertThat(client.send("GET / HTTP/1.0\r\n\r\n").read().status()).isEqualTo(200);
            assertThat(client.closedByServer()).isTrue();
        }
        try (RawClient client = server.connect()) {
            RawResponse first = client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(first.header("Connection")).isEqualTo("keep-alive");
            assertThat(client.send("GET /style.css HTTP/1.0\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void aDiscardedBodyKeepsTheConnectionUsable() throws Exception {
        start();
        try (RawClient client = server.connect()) {
            RawResponse post = client.send("POST /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello").read();
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
            RawResponse chunked = client.send("PUT /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n0\r\n\r\n").read();
            assertThat(chunked.status()).isEqualTo(405);
            assertThat(client.send(GET_INDEX).read().status()).isEqualTo(200);
        }
    }

    @Test
    void aStalledClientGets408AfterTheHeaderTimeout() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.start(root, TestWebServer.fastTimeouts());
        try (RawClient client = server.connect()) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            RawResponse response = client.read();
            assertThat(response.status()).isEqualTo(408);
            assertThat(response.bodyText()).contains("300 ms");
            assertThat(client.closedByServer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.exchanges().stream()
                .anyMatch(e -> e.status() == 408 && e.requestLine().equals("GET / HTTP/1.1")));
    }

    @Test
    void aClientThatTricklesBytesStillTimesOut() throws Exception {
        DemoFiles.create(root);
        ManualClock clock = new ManualClock();
        server = TestWebServer.start(root, TestWebServer.fastTimeouts(), clock);
        try (RawClient client = server.connect()) {
            long start = clock.nanoTime();
            client.send("GET / HTTP/1.1\r\n");
            // Each header line arrives 50 ms (of the server's clock) after the last: the timeout counts from the first byte.
            for (int i = 0; i < 20 && server.exchanges().isEmpty(); i++) {
                clock.advance(Duration.ofMillis(50));
                try {
                    client.send("X-" + i + ": y\r\n");
                } catch (java.io.IOException closed) {
                    break;
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                clock.advance(Duration.ofMillis(50));
                return !server.exchanges().isEmpty();
            });
            assertThat(client.read().status()).isEqualTo(408);
            assertThat(Duration.ofNanos(clock.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        DemoFiles.create(root);
        ManualClock clock = new ManualClock();
        server = TestWebServer.start(root, TestWebServer.fastTimeouts(), clock);
        try (RawClient client = server.connect()) {
            assertThat(client.send(GET_INDEX).read().status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                clock.advance(Duration.ofMillis(100));
                return server.server().liveSessions() == 0;
            });
            assertThat(client.closedByServer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.server().liveSessions() == 0);
    }

    @Test
    void connectionsPastTheLimitGet503() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.start(root, TestLimits.builder().maxConnections(3).build());
        List<RawClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawClient client = server.connect();
                held.add(client);
                assertThat(client.send(GET_INDEX).read().status()).isEqualTo(200);
            }
            try (RawClient extra = server.connect()) {
                RawResponse refused = extra.read();
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.bodyText()).contains("more than 3 open connections");
                assertThat(refused.header("Retry-After")).as("the documented hint").isEqualTo("1");
            }
            held.removeFirst().close();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (RawClient again = server.connect()) {
                    assertThat(again.send(GET_INDEX).read().status()).isEqualTo(200);
                }
            });
        } finally {
            for (RawClient client : held) {
                client.close();
            }
        }
    }

    @Test
    void stopAcceptingClosesIdleConnectionsAndFinishesBusyOnes() throws Exception {
        start();
        RawClient idle = server.connect();
        RawClient midRequest = server.connect();
        RawClient silent = server.connect();
        try {
            assertThat(idle.send(GET_INDEX).read().status()).isEqualTo(200);
            assertThat(midRequest.send(GET_INDEX).read().status()).isEqualTo(200);
            midRequest.send("GET /style.css HTTP/1.1\r\nHost: x\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.exchanges().size() == 2);
            server.server().stopAccepting();
            assertThat(server.server().isServing()).isFalse();
            assertThat(idle.closedByServer()).isTrue();
            assertThat(silent.closedByServer()).as("a connection that never sent a byte").isTrue();
            RawResponse last = midRequest.send("\r\n").read();
            assertThat(last.status()).isEqualTo(200);
            assertThat(last.header("Connection")).isEqualTo("close");
            assertThat(server.server().awaitDrained(Deadline.after(Duration.ofSeconds(5), ServiceClock.SYSTEM))).isTrue();
        } finally {
            idle.close();
            midRequest.close();
            silent.close();
        }
    }

    @Test
    void aTakenPortFailsBindWithBindException() throws Exception {
        DemoFiles.create(root);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            WebServer clash = new WebServer(taken.getLocalPort(), 1, TestLimits.DEFAULTS,
                    request -> { throw new AssertionError("never called"); }, exchange -> { }, new ServerStats(ServiceClock.SYSTEM), ServiceClock.SYSTEM);
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(clash::bind).isInstanceOf(java.net.BindException.class);
                assertThat(clash.isServing()).isFalse();
                assertThat(clash.port()).isEqualTo(-1);
            } finally {
                clash.close();
            }
        }
    }
}
