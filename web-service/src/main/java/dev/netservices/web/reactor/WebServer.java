package dev.netservices.web.reactor;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.net.RemoteAddress;
import dev.netservices.common.net.TcpAcceptor;
import dev.netservices.common.server.ProtocolServer;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.http.Body;
import dev.netservices.web.http.Header;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.http.HttpLimits;
import dev.netservices.web.http.Persistence;
import dev.netservices.web.http.RequestHandler;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.ResponseHead;
import dev.netservices.web.http.Status;

/**
 * The HTTP server: one acceptor thread ({@link TcpAcceptor}) and N event loops, each a thread with its
 * own Selector.
 *
 * <p>The acceptor hands each connection, made non-blocking, to the loop with the fewest connections; it
 * refuses connections past {@code maxConnections} with a 503 itself, so that the loops never see them.
 * No thread ever belongs to a connection.
 */
public final class WebServer implements ProtocolServer {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    private static final int BACKLOG = 4096;

    private final String name;
    private final TlsEngines tls;
    private final int configuredPort;
    private final int eventLoopCount;
    private final HttpLimits limits;
    private final RequestHandler handler;
    private final ExchangeListener listener;
    private final ServerStats stats;
    private final ServiceClock clock;

    private final List<EventLoop> loops = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile TcpAcceptor acceptor;
    private volatile int boundPort = -1;
    private volatile boolean serving;
    private volatile boolean closed;

    /** The plain HTTP server, named {@code web}. */
    public WebServer(int port, int eventLoops, HttpLimits limits, RequestHandler handler, ExchangeListener listener,
            ServerStats stats, ServiceClock clock) {
        this("web", null, port, eventLoops, limits, handler, listener, stats, clock);
    }

    /**
     * @param name in logs, thread names and health: {@code web} or {@code web-tls}
     * @param tls  null for plain HTTP, else each connection's TLS engine comes from it
     */
    public WebServer(String name, TlsEngines tls, int port, int eventLoops, HttpLimits limits, RequestHandler handler,
            ExchangeListener listener, ServerStats stats, ServiceClock clock) {
        this.name = name;
        this.tls = tls;
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
        return name;
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
        if (acceptor != null || closed) {
            throw new IllegalStateException("the web server binds once");
        }
        acceptor = TcpAcceptor.bind(name, configuredPort, BACKLOG, clock);
        boundPort = acceptor.port();
        for (int i = 0; i < eventLoopCount; i++) {
            loops.add(startLoop(i));
        }
        serving = true;
        acceptor.start(this::accepted);
    }

    private EventLoop startLoop(int index) throws IOException {
        EventLoop loop = new EventLoop(limits, handler, listener, stats, clock, tls, this::loopDied);
        threads.add(Thread.ofPlatform().name(name + "-loop-" + index).start(loop));
        return loop;
    }

    /**
     * A loop's thread ended by an error no connection could absorb: its connections are closed, and a new
     * loop takes its place. Until then {@link #isServing()} is false, so readiness says DOWN.
     */
    private synchronized void loopDied(EventLoop dead) {
        log.error("An event loop died; starting a new one in its place");
        replaceDeadLoops();
    }

    private synchronized void replaceDeadLoops() {
        for (int i = 0; i < loops.size(); i++) {
            if (!loops.get(i).alive() && !closed && serving) {
                try {
                    loops.set(i, startLoop(i));
                } catch (IOException e) {
                    log.error("A new event loop could not be started (tried again on the next connection): {}",
                            e.toString());
                }
            }
        }
    }

    private void accepted(SocketChannel channel) {
        if (!allLoopsAlive()) {
            replaceDeadLoops();
        }
        if (stats.connectionOpened() > limits.maxConnections()) {
            if (tls == null) {
                refuse(channel);
            } else {
                QuietClose.close(channel); // no plain-text 503 before a handshake: it would be noise to a TLS client
            }
            stats.connectionClosed();
            return;
        }
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            QuietClose.close(channel);
            stats.connectionClosed();
            return;
        }
        EventLoop target = loops.stream().filter(EventLoop::alive).min(Comparator.comparingInt(EventLoop::load))
                .orElse(null);
        if (target == null) {
            QuietClose.close(channel);
            stats.connectionClosed();
            return;
        }
        target.hand(channel);
    }

    /**
     * Written on the acceptor thread while the channel is still blocking: a fresh socket always has room
     * for these few bytes, so the write cannot stall the acceptor.
     */
    private void refuse(SocketChannel channel) {
        String remote = RemoteAddress.hostOf(channel);
        Instant now = clock.now();
        Response response = Response.error(Status.SERVICE_UNAVAILABLE,
                "more than " + limits.maxConnections() + " open connections", new Header("Retry-After", "1"));
        ByteBuffer body = ((Body.Bytes) response.body()).content().duplicate();
        long bodyBytes = body.remaining();
        try {
            channel.write(new ByteBuffer[] {ResponseHead.encode(response, HttpDate.format(now), Persistence.CLOSE), body});
            channel.shutdownOutput();
        } catch (IOException ignored) {
            // the client is gone already
        }
        QuietClose.close(channel);
        listener.exchanged(new Exchange(remote, "-", Status.SERVICE_UNAVAILABLE.code(), bodyBytes, 0, now));
    }

    @Override
    public int port() {
        return boundPort;
    }

    /** The current loops; for tests of a loop's death in this package. */
    List<EventLoop> loops() {
        return List.copyOf(loops);
    }

    /** Bound, accepting, and every event loop running. */
    @Override
    public boolean isServing() {
        return serving && allLoopsAlive();
    }

    private boolean allLoopsAlive() {
        for (EventLoop loop : loops) {
            if (!loop.alive()) {
                return false;
            }
        }
        return true;
    }

    /** This port's connections (the stats, shared with the other port, count both). */
    @Override
    public int liveSessions() {
        int open = 0;
        for (EventLoop loop : loops) {
            open += loop.load();
        }
        return open;
    }

    public ServerStats stats() {
        return stats;
    }

    @Override
    public synchronized void stopAccepting() {
        serving = false;
        if (acceptor != null) {
            acceptor.close();
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
}
