package dev.netservices.files.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import dev.netservices.common.net.TcpAcceptor;
import dev.netservices.common.server.ProtocolServer;
import dev.netservices.files.session.Conduit;
import dev.netservices.files.session.FileSession;
import dev.netservices.files.session.Reply;
import dev.netservices.files.session.ReplyCode;
import dev.netservices.files.session.SessionContext;

/**
 * One TCP port of the file service (the plain one, and the TLS one when configured), as the lifecycle sees
 * it: {@link TcpAcceptor} accepts, each connection wrapped by {@code conduits} (plain or TLS), and this class
 * decides who is served. Both ports draw from one set of {@code maxSessions} session slots.
 *
 * <p>A connection is only served when a session slot is free ({@link SessionPool} runs it). Otherwise it is
 * told at once that the server is busy and closed ({@link RejectedConnections}), so that nobody waits
 * silently in the backlog.
 */
public final class FileServer implements ProtocolServer {

    private static final int BACKLOG = 1024;

    private final String name;
    private final int configuredPort;
    private final SessionContext context;
    private final Function<SocketChannel, Conduit> conduits;
    private final Semaphore slots;
    private final RejectedConnections rejected;

    private volatile TcpAcceptor acceptor;
    private volatile boolean serving;
    private volatile SessionPool pool;

    /**
     * @param name      {@code files} or {@code files-tls}: in logs, thread names and health
     * @param slots     session slots, shared by the plain and the TLS port
     * @param conduits  wraps an accepted channel: a {@code PlainConduit} or a {@code TlsConduit}
     */
    public FileServer(String name, int port, SessionContext context, Semaphore slots, Function<SocketChannel, Conduit> conduits) {
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
        TcpAcceptor bound = TcpAcceptor.bind(name, configuredPort, BACKLOG, context.clock());
        pool = new SessionPool(name, context.limits());
        serving = true;
        acceptor = bound;
        bound.start(this::accepted);
    }

    private void accepted(SocketChannel channel) {
        Conduit conduit = conduits.apply(channel);
        if (!serving) {
            rejected.reject(conduit, Reply.SHUTTING_DOWN);
        } else if (!slots.tryAcquire()) {
            context.listener().sessionRejected();
            rejected.reject(conduit, Reply.error(ReplyCode.UNAVAILABLE,
                    "server busy: all %d sessions are in use, try again later".formatted(context.limits().maxSessions())));
        } else {
            serve(conduit);
        }
    }

    private void serve(Conduit conduit) {
        try {
            conduit.channel().setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            slots.release();
            conduit.close();
            return;
        }
        context.listener().sessionOpened();
        pool.run(new FileSession(conduit, context), () -> !serving, () -> {
            context.listener().sessionClosed();
            slots.release();
        });
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
        if (pool != null) {
            pool.close();
        }
    }
}
