package dev.netservices.web.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

import dev.netservices.common.net.ProxyHeader.TrustedProxies;
import dev.netservices.common.net.QuietClose;
import dev.netservices.common.net.RemoteAddress;
import dev.netservices.common.net.TcpAcceptor;
import dev.netservices.common.server.ProtocolServer;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.common.tls.ServerTls;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.http.HttpLimits;
import dev.netservices.web.http.RequestHandler;
import dev.netservices.web.http2.Http2Listener;
import dev.netservices.web.http2.Http2Options;

/**
 * One HTTP port as a {@link ProtocolServer}: an acceptor thread ({@link TcpAcceptor}) in front of N event
 * loops ({@link LoopSupervisor}), each a thread with its own Selector, and on the TLS port a few threads for
 * the handshakes' delegated tasks ({@link HandshakeTasks}). No thread ever belongs to a connection.
 *
 * <p>The acceptor admits a connection or refuses it ({@link OverloadRefusal}) when {@code maxConnections}
 * are open in total or {@code maxConnectionsPerAddress} from its client's address on this port, and hands an
 * admitted one, made non-blocking, to the loops. Nothing a connection brings, an {@code OutOfMemoryError}
 * included, ends the acceptor's thread from here; should it end anyway (the JDK's accept itself failing with an
 * Error), {@link #threadsAlive()} and with it readiness and liveness say so.
 */
public final class WebServer implements ProtocolServer {

    private static final int BACKLOG = 4096;

    private final String name;
    private final InetAddress address;
    private final int configuredPort;
    private final ServiceClock clock;
    private final ServerStats stats;
    private final int maxConnections;
    private final LoopSupervisor loops;
    private final OverloadRefusal refusal;
    private final OpenPerAddress connectionsPerAddress;
    private final HandshakeTasks handshakeTasks;

    private final TrustedProxies trustedProxies;
    private final long headerTimeoutNanos;
    private volatile ProxyHeaderGate proxyGate;
    private volatile TcpAcceptor acceptor;
    // Known from the first connection on: before it the acceptor has allocated nothing a client could exhaust.
    private volatile Thread acceptorThread;
    private volatile int boundPort = -1;
    private volatile boolean serving;
    private volatile boolean closed;

    /** The plain HTTP server, named {@code web}. */
    public WebServer(int port, int eventLoops, HttpLimits limits, RequestHandler handler, ExchangeListener listener,
            ServerStats stats, ServiceClock clock) {
        this("web", null, 0, port, eventLoops, limits, handler, listener, stats, clock);
    }

    /**
     * @param name             in logs, thread names and health: {@code web} or {@code web-tls}
     * @param tls              null for plain HTTP, else each connection's TLS context comes from it
     * @param handshakeThreads threads for the TLS handshakes' delegated tasks (TLS only)
     */
    public WebServer(String name, ServerTls tls, int handshakeThreads, int port, int eventLoops, HttpLimits limits,
            RequestHandler handler, ExchangeListener listener, ServerStats stats, ServiceClock clock) {
        this(name, tls, handshakeThreads, null, port, eventLoops, limits, handler, listener, stats, clock, TrustedProxies.none());
    }

    /**
     * @param address        the local address to listen on ({@code web.address}); null: every interface
     * @param trustedProxies peers whose connections start with a PROXY protocol v2 header naming the client
     *                       ({@code web.proxy-protocol.trusted}); none: the protocol is off
     */
    public WebServer(String name, ServerTls tls, int handshakeThreads, InetAddress address, int port, int eventLoops,
            HttpLimits limits, RequestHandler handler, ExchangeListener listener, ServerStats stats, ServiceClock clock,
            TrustedProxies trustedProxies) {
        this(name, tls, handshakeThreads, address, port, eventLoops, limits, handler, listener, stats, clock,
                trustedProxies, new Http2Support(Http2Options.of(limits), Http2Listener.NONE));
    }

    /** @param http2 HTTP/2 beside HTTP/1.1 (h2 by ALPN, h2c by prior knowledge); null: HTTP/1.1 only */
    public WebServer(String name, ServerTls tls, int handshakeThreads, InetAddress address, int port, int eventLoops,
            HttpLimits limits, RequestHandler handler, ExchangeListener listener, ServerStats stats, ServiceClock clock,
            TrustedProxies trustedProxies, Http2Support http2) {
        this.address = address;
        this.trustedProxies = trustedProxies;
        this.headerTimeoutNanos = limits.headerTimeout().toNanos();
        this.connectionsPerAddress = new OpenPerAddress(limits.maxConnectionsPerAddress());
        stats.countsConnectionsPerAddress(connectionsPerAddress);
        this.handshakeTasks = tls == null ? null
                : new HandshakeTasks(name, handshakeThreads, eventLoops * limits.maxHandshakes());
        ConnectionSetup setup = new ConnectionSetup(limits, new Responder(handler), clock, new HttpDate(clock), stats,
                listener, connectionsPerAddress, tls,
                tls == null ? null : new OpenPerAddress(limits.maxHandshakesPerAddress()), handshakeTasks, http2);
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
        acceptor = TcpAcceptor.bind(name, address, configuredPort, BACKLOG, clock);
        boundPort = acceptor.port();
        if (!trustedProxies.isEmpty()) {
            proxyGate = new ProxyHeaderGate(name, trustedProxies, clock, headerTimeoutNanos, stats, this::admitSafely);
        }
        loops.start();
        serving = true;
        acceptor.start(this::accepted);
    }

    private void accepted(SocketChannel channel) {
        if (acceptorThread == null) {
            acceptorThread = Thread.currentThread();
        }
        ProxyHeaderGate gate = proxyGate;
        if (gate != null && gate.trusts(peerOf(channel))) {
            gate.hand(channel); // admitted, under the address its header names, once the header is read
            return;
        }
        admitSafely(channel, RemoteAddress.hostOf(channel));
    }

    private static InetSocketAddress peerOf(SocketChannel channel) {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    private void admitSafely(SocketChannel channel, String address) {
        try {
            admit(channel, address);
        } catch (Throwable e) {
            // An OutOfMemoryError here would end the acceptor (it stops only RuntimeExceptions): this connection goes.
            QuietClose.close(channel);
            stats.connectionFailed();
        }
    }

    private void admit(SocketChannel channel, String address) {
        if (stats.connectionOpened() > maxConnections) {
            stats.connectionClosed();
            refuse(channel, Refusal.MAX_CONNECTIONS);
            return;
        }
        if (!connectionsPerAddress.tryOpen(address)) {
            stats.connectionClosed();
            refuse(channel, Refusal.CONNECTIONS_PER_ADDRESS);
            return;
        }
        boolean handed = false;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            handed = loops.hand(channel, address);
        } catch (IOException e) {
            // not handed: closed below
        } finally {
            if (!handed) {
                QuietClose.close(channel);
                stats.connectionClosed();
                connectionsPerAddress.close(address);
            }
        }
    }

    private void refuse(SocketChannel channel, Refusal why) {
        stats.refusedBy(why);
        refusal.refuse(channel, why);
    }

    @Override
    public int port() {
        return boundPort;
    }

    /** Bound, accepting, and every event loop and the acceptor running. */
    @Override
    public boolean isServing() {
        return serving && threadsAlive();
    }

    /**
     * False when a thread this port cannot serve without is gone: the acceptor, or an event loop not yet
     * replaced. Liveness asks this, so that an orchestrator restarts a process left half alive.
     */
    public boolean threadsAlive() {
        if (!serving) {
            return true; // not started, or stopping: its threads end by design
        }
        Thread accepting = acceptorThread;
        return loops.allAlive() && (accepting == null || accepting.isAlive());
    }

    /** The most connections both ports may have open together (the lower of the setting and the heap's ceiling). */
    public int maxConnections() {
        return maxConnections;
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
        if (proxyGate != null) {
            proxyGate.close();
        }
        loops.stop();
        if (handshakeTasks != null) {
            handshakeTasks.close();
        }
        boundPort = -1;
    }
}
