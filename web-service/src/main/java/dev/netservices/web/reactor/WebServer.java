package dev.netservices.web.reactor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.server.ProtocolServer;
import dev.netservices.web.http.HttpLimits;
import dev.netservices.web.http.RequestHandler;

/**
 * The HTTP server: one acceptor thread and N event loops, each a thread with its own Selector.
 *
 * <p>The acceptor blocks in accept() and hands each connection, already non-blocking, to the loop with
 * the fewest connections; it refuses connections past {@code maxConnections} with a 503 itself, so
 * that the loops never see them. No thread ever belongs to a connection.
 */
public final class WebServer implements ProtocolServer {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    private static final int BACKLOG = 4096;

    private final int configuredPort;
    private final int eventLoopCount;
    private final HttpLimits limits;
    private final RequestHandler handler;
    private final ExchangeListener listener;
    private final ServerStats stats;
    private final Clock clock;

    private final List<EventLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile ServerSocketChannel server;
    private volatile int boundPort = -1;
    private volatile boolean serving;
    private volatile boolean closed;

    public WebServer(int port, int eventLoops, HttpLimits limits, RequestHandler handler, ExchangeListener listener,
            ServerStats stats, Clock clock) {
        if (eventLoops < 1) {
            throw new IllegalArgumentException("at least one event loop is needed");
        }
        this.configuredPort = port;
        this.eventLoopCount = eventLoops;
        this.limits = limits;
        this.handler = handler;
        this.listener = listener;
        this.stats = stats;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "web";
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
    public String sessionsLabel() {
        return "connections";
    }

    @Override
    public synchronized void bind() throws IOException {
        if (server != null || closed) {
            throw new IllegalStateException("the web server binds once");
        }
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(configuredPort), BACKLOG);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        server = channel;
        boundPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        for (int i = 0; i < eventLoopCount; i++) {
            EventLoop loop = new EventLoop(limits, handler, listener, stats, clock);
            loops.add(loop);
            threads.add(Thread.ofPlatform().name("web-loop-" + i).start(loop));
        }
        serving = true;
        threads.add(Thread.ofPlatform().name("web-acceptor").start(this::accept));
    }

    private void accept() {
        while (serving) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Typically "too many open files": back off instead of spinning.
                log.warn("accept failed: {}", e.getMessage());
                sleepQuietly(50);
                continue;
            }
            if (stats.connectionOpened() > limits.maxConnections()) {
                refuse(channel);
                stats.connectionClosed();
                continue;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                closeQuietly(channel);
                stats.connectionClosed();
                continue;
            }
            loops.stream().min(Comparator.comparingInt(EventLoop::load)).orElseThrow().hand(channel);
        }
    }

    /** A fresh socket always has room for these few bytes, so the blocking write cannot stall the acceptor. */
    private void refuse(SocketChannel channel) {
        String remote = addressOf(channel);
        String body = "503 Service Unavailable: more than " + limits.maxConnections() + " open connections\n";
        String response = "HTTP/1.1 503 Service Unavailable\r\nServer: netservices-web\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length()
                + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + body;
        try {
            channel.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
            channel.shutdownOutput();
        } catch (IOException ignored) {
            // the client is gone already
        }
        closeQuietly(channel);
        listener.exchanged(new Exchange(remote, "-", 503, body.length(), 0, clock.now()));
    }

    @Override
    public int port() {
        return boundPort;
    }

    @Override
    public boolean isServing() {
        return serving;
    }

    @Override
    public int liveSessions() {
        return stats.openConnections();
    }

    public ServerStats stats() {
        return stats;
    }

    @Override
    public synchronized void stopAccepting() {
        serving = false;
        if (server != null) {
            closeQuietly(server);
        }
        loops.forEach(EventLoop::startDraining);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAccepting();
        loops.forEach(EventLoop::stop);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boundPort = -1;
    }

    private static String addressOf(SocketChannel channel) {
        try {
            return channel.getRemoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "-";
        } catch (IOException e) {
            return "-";
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
