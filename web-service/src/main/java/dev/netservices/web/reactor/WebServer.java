package dev.netservices.web.reactor;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.net.TcpAcceptor;
import dev.netservices.common.server.ProtocolServer;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.common.tls.ServerTls;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.http.HttpLimits;
import dev.netservices.web.http.RequestHandler;

/**
 * One HTTP port as a {@link ProtocolServer}: an acceptor thread ({@link TcpAcceptor}) in front of N event
 * loops ({@link LoopSupervisor}), each a thread with its own Selector. No thread ever belongs to a connection.
 *
 * <p>The acceptor admits a connection or refuses it ({@link OverloadRefusal}) when {@code maxConnections}
 * are open, and hands an admitted one, made non-blocking, to the loops.
 */
public final class WebServer implements ProtocolServer {

    private static final int BACKLOG = 4096;

    private final String name;
    private final int configuredPort;
    private final ServiceClock clock;
    private final ServerStats stats;
    private final int maxConnections;
    private final LoopSupervisor loops;
    private final OverloadRefusal refusal;

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
     * @param tls  null for plain HTTP, else each connection's TLS context comes from it
     */
    public WebServer(String name, ServerTls tls, int port, int eventLoops, HttpLimits limits, RequestHandler handler,
            ExchangeListener listener, ServerStats stats, ServiceClock clock) {
        ConnectionSetup setup = new ConnectionSetup(limits, new Responder(handler), clock, new HttpDate(clock), stats,
                listener, tls);
        this.name = name;
        this.configuredPort = port;
        this.clock = clock;
        this.stats = stats;
        this.maxConnections = limits.maxConnections();
        this.loops = new LoopSupervisor(name, eventLoops, setup);
        this.refusal = new OverloadRefusal(setup);
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
        loops.start();
        serving = true;
        acceptor.start(this::accepted);
    }

    private void accepted(SocketChannel channel) {
        if (stats.connectionOpened() > maxConnections) {
            refusal.refuse(channel);
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
        if (!loops.hand(channel)) {
            QuietClose.close(channel);
            stats.connectionClosed();
        }
    }

    @Override
    public int port() {
        return boundPort;
    }

    /** Bound, accepting, and every event loop running. */
    @Override
    public boolean isServing() {
        return serving && loops.allAlive();
    }

    /** This port's connections (the stats, shared with the other port, count both). */
    @Override
    public int liveSessions() {
        return loops.connections();
    }

    @Override
    public synchronized void stopAccepting() {
        serving = false;
        if (acceptor != null) {
            acceptor.close();
        }
        loops.startDraining();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAccepting();
        loops.stop();
        boundPort = -1;
    }
}
