package dev.netservices.common.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.netservices.common.net.TcpAcceptor;
import dev.netservices.common.time.Deadline;
import dev.netservices.common.time.ServiceClock;

/**
 * A test-only TCP server, the smallest real {@link ProtocolServer}: each line is echoed back;
 * {@code SLOW <ms>} answers {@code DONE} after that long, so tests can hold work in flight.
 * Draining behaves as a real server's should: idle sessions are closed at once, busy ones finish
 * their line and then close.
 */
class LineEchoServer implements ProtocolServer {

    private final int configuredPort;
    private final Set<Socket> sessions = ConcurrentHashMap.newKeySet();
    private final Set<Socket> idle = ConcurrentHashMap.newKeySet();
    private final AtomicInteger working = new AtomicInteger();
    private volatile TcpAcceptor listener;
    private volatile boolean accepting;
    private ExecutorService workers;

    LineEchoServer(int configuredPort) {
        this.configuredPort = configuredPort;
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String transport() {
        return "tcp";
    }

    @Override
    public int configuredPort() {
        return configuredPort;
    }

    @Override
    public void bind() throws IOException {
        listener = TcpAcceptor.bind(name(), InetAddress.getLoopbackAddress(), configuredPort, 50, ServiceClock.SYSTEM);
        accepting = true;
        workers = Executors.newFixedThreadPool(4);
        listener.start(this::accepted);
    }

    private void accepted(SocketChannel channel) {
        Socket client = channel.socket();
        sessions.add(client);
        workers.execute(() -> serve(client));
    }

    private void serve(Socket client) {
        try (client) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = client.getOutputStream();
            while (accepting) {
                idle.add(client);
                String line = lines.readLine();
                if (!idle.remove(client) || line == null) {
                    return;
                }
                working.incrementAndGet();
                try {
                    String reply = line.startsWith("SLOW ") ? slow(Long.parseLong(line.substring(5))) : line;
                    out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } finally {
                    working.decrementAndGet();
                }
            }
        } catch (SocketException e) {
            // closed by close() after the drain timeout
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sessions.remove(client);
        }
    }

    private static String slow(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return "DONE";
    }

    @Override
    public int port() {
        TcpAcceptor acceptor = listener;
        return acceptor == null || !accepting ? -1 : acceptor.port();
    }

    @Override
    public boolean isServing() {
        return accepting && port() > 0;
    }

    @Override
    public int liveSessions() {
        return sessions.size();
    }

    /** Sessions in the middle of a command (not waiting for the next line). */
    int busySessions() {
        return working.get();
    }

    @Override
    public void stopAccepting() {
        accepting = false;
        if (listener == null) {
            return;
        }
        listener.close();
        idle.forEach(LineEchoServer::closeQuietly);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public boolean awaitDrained(Deadline deadline) throws InterruptedException {
        if (workers == null) {
            return true;
        }
        workers.shutdown();
        return workers.awaitTermination(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        stopAccepting();
        sessions.forEach(LineEchoServer::closeQuietly);
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
