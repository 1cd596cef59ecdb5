package dev.netservices.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.common.tools.RequiredTool;

class TcpAcceptorTest {

    @Test
    void handsEachConnectionToTheServerWithThePeersAddress() throws Exception {
        BlockingQueue<String> peers = new LinkedBlockingQueue<>();
        try (TcpAcceptor acceptor = TcpAcceptor.bind("test", InetAddress.getLoopbackAddress(), 0, 16, ServiceClock.SYSTEM)) {
            assertThat(acceptor.port()).isPositive();
            acceptor.start(channel -> {
                peers.add(RemoteAddress.hostAndPortOf(channel));
                QuietClose.close(channel);
            });
            try (Socket client = new Socket("127.0.0.1", acceptor.port())) {
                assertThat(peers.poll(5, TimeUnit.SECONDS)).isEqualTo("127.0.0.1:" + client.getLocalPort());
            }
        }
    }

    @Test
    void aTakenPortFailsWithBindException() throws IOException {
        try (TcpAcceptor first = TcpAcceptor.bind("first", InetAddress.getLoopbackAddress(), 0, 16, ServiceClock.SYSTEM)) {
            assertThatThrownBy(() -> TcpAcceptor.bind("second", InetAddress.getLoopbackAddress(), first.port(), 16, ServiceClock.SYSTEM))
                    .isInstanceOf(BindException.class);
        }
    }

    @Test
    void aFailingCallbackDoesNotStopTheLoop() throws Exception {
        BlockingQueue<SocketChannel> accepted = new LinkedBlockingQueue<>();
        try (TcpAcceptor acceptor = TcpAcceptor.bind("test", InetAddress.getLoopbackAddress(), 0, 16, ServiceClock.SYSTEM)) {
            acceptor.start(channel -> {
                if (accepted.isEmpty()) {
                    accepted.add(channel);
                    throw new IllegalStateException("first connection fails to set up");
                }
                accepted.add(channel);
            });
            try (Socket first = new Socket("127.0.0.1", acceptor.port());
                    Socket second = new Socket("127.0.0.1", acceptor.port())) {
                assertThat(accepted.poll(5, TimeUnit.SECONDS)).isNotNull();
                SocketChannel secondAccepted = accepted.poll(5, TimeUnit.SECONDS);
                assertThat(secondAccepted).isNotNull();
                assertThat(first.getInputStream().read()).as("the failed connection is closed").isEqualTo(-1);
                secondAccepted.close();
            }
        }
    }

    @Test
    void closeReleasesThePort() throws IOException {
        TcpAcceptor acceptor = TcpAcceptor.bind("test", InetAddress.getLoopbackAddress(), 0, 16, ServiceClock.SYSTEM);
        int port = acceptor.port();
        acceptor.start(QuietClose::close);
        acceptor.close();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        TcpAcceptor.bind("again", InetAddress.getLoopbackAddress(), port, 16, ServiceClock.SYSTEM).close();
    }
    /**
     * docs/operations.md: out of descriptors, accept fails; the acceptor backs off 50 ms per failure and warns
     * once per 10 s with the count, and the connections waiting in the backlog are served once descriptors free up.
     */
    @Test
    void outOfDescriptorsTheAcceptorBacksOffWarnsOncePerIntervalAndServesTheBacklogLater() throws Exception {
        String launcher = ProcessHandle.current().info().command().orElseThrow();
        // a small descriptor table (bash's ulimit, lowering only), so the child fills it in a moment wherever this runs
        Process child = new ProcessBuilder(RequiredTool.onPath("bash", "bash").toString(), "-c", "ulimit -n 512 && exec \"$@\"", "starved",
                launcher, "-cp", System.getProperty("java.class.path"), DescriptorStarvedAcceptor.class.getName())
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (IOException e) {
                // the child ended
            }
        });
        PrintStream commands = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
        List<Socket> clients = new ArrayList<>();
        try {
            int port = Integer.parseInt(lineStartingWith(lines, "port ").substring("port ".length()));
            long started = System.nanoTime();
            for (int i = 0; i < DescriptorStarvedAcceptor.SPARE + 4; i++) {
                clients.add(new Socket("127.0.0.1", port)); // the kernel completes the handshake; accept comes later
            }
            lineStartingWith(lines, "accepted " + DescriptorStarvedAcceptor.SPARE);
            assertThat(lineContaining(lines, "accept failed")).as("the first failure is told at once")
                    .contains("starved: accept failed 1 time(s) in the last 0s, backing off: ").contains("Too many open files");

            commands.println("advance");
            String second = lineContaining(lines, "accept failed");
            long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            Matcher count = Pattern.compile("accept failed (\\d+) time\\(s\\) in the last 10s").matcher(second);
            assertThat(count.find()).as(second).isTrue();
            // each failure sleeps 50 ms: however slow this machine, no more failures than that allows (a spin makes millions)
            assertThat(Long.parseLong(count.group(1))).isBetween(1L, elapsedMillis / TcpAcceptor.ERROR_BACKOFF.toMillis() + 1);

            commands.println("free");
            lineStartingWith(lines, "accepted " + clients.size());
        } finally {
            for (Socket client : clients) {
                client.close();
            }
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String lineStartingWith(BlockingQueue<String> lines, String start) throws InterruptedException {
        return nextLine(lines, line -> line.startsWith(start), start);
    }

    private static String lineContaining(BlockingQueue<String> lines, String part) throws InterruptedException {
        return nextLine(lines, line -> line.contains(part), part);
    }

    private static String nextLine(BlockingQueue<String> lines, Predicate<String> wanted, String what)
            throws InterruptedException {
        List<String> seen = new ArrayList<>();
        while (true) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertThat(line).as("the child said %s; before that: %s", what, seen).isNotNull();
            if (wanted.test(line)) {
                return line;
            }
            seen.add(line);
        }
    }
}
