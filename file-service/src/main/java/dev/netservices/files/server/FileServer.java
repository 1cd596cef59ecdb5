package dev.netservices.files.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.function.Function;

import dev.netservices.common.net.ProxyHeader;
import dev.netservices.common.net.TcpAcceptor;
import dev.netservices.common.server.ProtocolServer;
import dev.netservices.files.session.Conduit;
import dev.netservices.files.session.FileSession;
import dev.netservices.files.session.Reply;
import dev.netservices.files.session.ReplyCode;
import dev.netservices.files.session.SessionContext;
import dev.netservices.files.session.SessionListener;

/**
 * One TCP port of the file service (the plain one, and the TLS one when configured), as the lifecycle sees
 * it: {@link TcpAcceptor} accepts, each connection wrapped by {@code conduits} (plain or TLS), and this class
 * decides who is served. Both ports draw from one set of {@link SessionSlots}: {@code maxSessions} in all,
 * {@code maxSessionsPerAddress} for one client address.
 *
 * <p>A connection is only served when its address is under its limit and a session slot is free
 * ({@link SessionPool} runs it). Otherwise it is told at once which limit it met and closed
 * ({@link RejectedConnections}), so that nobody waits silently in the backlog. A connection from a trusted proxy
 * ({@code files.proxy-protocol.trusted}) first has its PROXY header read ({@link ProxiedConnections}): its address is
 * the client's for all of this.
 */
public final class FileServer implements ProtocolServer {

    private static final int BACKLOG = 1024;

    private final String name;
    private final int configuredPort;
    private final SessionContext context;
    private final Function<SocketChannel, Conduit> conduits;
    private final SessionSlots slots;
    private final RejectedConnections rejected;
    private final InetAddress address;
    private final ProxyHeader.TrustedProxies trusted;
    private final ProxiedConnections proxied;

    private volatile TcpAcceptor acceptor;
    private volatile boolean serving;
    private volatile SessionPool pool;

    /**
     * @param name      {@code files} or {@code files-tls}: in logs, thread names and health
     * @param slots     session slots, shared by the plain and the TLS port
     * @param conduits  wraps an accepted channel: a {@code PlainConduit} or a {@code TlsConduit}
     */
    public FileServer(String name, int port, SessionContext context, SessionSlots slots, Function<SocketChannel, Conduit> conduits) {
        this(name, null, port, context, slots, conduits, ProxyHeader.TrustedProxies.none());
    }

    /**
     * @param address the local address to listen on ({@code files.address}); null: every interface
     * @param trusted the proxies whose connections start with a PROXY protocol v2 header naming the client
     */
    public FileServer(String name, InetAddress address, int port, SessionContext context, SessionSlots slots,
                      Function<SocketChannel, Conduit> conduits, ProxyHeader.TrustedProxies trusted) {
        this.address = address;
        this.trusted = trusted;
        this.proxied = new ProxiedConnections(name, context.proxyRefusals(), context.clock(), context.limits().firstCommandTimeout());
        this.name = name;
        this.configuredPort = port;
        this.context = context;
        this.slots = slots;
        this.conduits = conduits;
        this.rejected = new RejectedConnections(name);
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
    public synchronized void bind() throws IOException {
        TcpAcceptor bound = TcpAcceptor.bind(name, address, configuredPort, BACKLOG, context.clock());
        pool = new SessionPool(name, context.limits(), proxied::tick);
        serving = true;
        acceptor = bound;
        bound.start(this::accepted);
    }

    private void accepted(SocketChannel channel) {
        Conduit conduit = conduits.apply(channel);
        InetSocketAddress peer = addressOf(channel);
        if (peer == null) {
            conduit.close();
            return;
        }
        if (serving && trusted.contains(peer.getAddress())) {
            proxied.readHeader(conduit, peer, this::admit);
        } else {
            admit(conduit, peer);
        }
    }

    /** {@code client}: the socket's peer, or the client a trusted proxy named. */
    private void admit(Conduit conduit, InetSocketAddress client) {
        InetAddress address = client.getAddress();
        if (!serving) {
            rejected.reject(conduit, Reply.SHUTTING_DOWN);
            return;
        }
        String host = address.getHostAddress();
        if (context.defender().isBanned(host)) {
            context.listener().sessionRejected(SessionListener.Rejection.BANNED);
            rejected.reject(conduit, Reply.error(ReplyCode.BANNED, "%s is banned for %s (too many failed logins, refused commands or protocol errors)"
                    .formatted(host, context.defender().remaining(host))));
            return;
        }
        switch (slots.tryTake(address)) {
            case TAKEN -> serve(conduit, client);
            case ADDRESS_FULL -> {
                context.listener().sessionRejected(SessionListener.Rejection.ADDRESS_FULL);
                rejected.reject(conduit, Reply.error(ReplyCode.TOO_MANY_ATTEMPTS,
                        "too many sessions from %s: at most %d at once".formatted(address.getHostAddress(), slots.maxPerAddress())));
            }
            case FULL -> {
                context.listener().sessionRejected(SessionListener.Rejection.FULL);
                rejected.reject(conduit, Reply.error(ReplyCode.UNAVAILABLE,
                        "server busy: all %d sessions are in use, try again later".formatted(slots.max())));
            }
        }
    }

    private void serve(Conduit conduit, InetSocketAddress client) {
        InetAddress address = client.getAddress();
        try {
            conduit.channel().setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            slots.release(address);
            conduit.close();
            return;
        }
        context.listener().sessionOpened();
        pool.run(new FileSession(conduit, context, client), () -> !serving, () -> {
            context.listener().sessionClosed();
            slots.release(address);
        });
    }

    /** Null when the peer is gone already (reset before we looked): nobody to serve or count. */
    private static InetSocketAddress addressOf(SocketChannel channel) {
        try {
            return channel.getRemoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null ? remote : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public int port() {
        TcpAcceptor bound = acceptor;
        return bound == null ? -1 : bound.port();
    }

    @Override
    public boolean isServing() {
        return serving;
    }

    @Override
    public int liveSessions() {
        SessionPool sessions = pool;
        return sessions == null ? 0 : sessions.live();
    }

    @Override
    public void stopAccepting() {
        serving = false;
        TcpAcceptor bound = acceptor;
        if (bound != null) {
            bound.close();
        }
        SessionPool sessions = pool;
        if (sessions != null) {
            sessions.drain();
        }
    }

    @Override
    public synchronized void close() {
        serving = false;
        TcpAcceptor bound = acceptor;
        acceptor = null;
        if (bound != null) {
            bound.close();
        }
        proxied.closeAll();
        if (pool != null) {
            pool.close();
        }
    }
}
