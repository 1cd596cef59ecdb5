package dev.netservices.files.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.TcpAcceptor;
import dev.netservices.common.server.ProtocolServer;
import dev.netservices.files.session.Connection;
import dev.netservices.files.session.FileLimits;
import dev.netservices.files.session.FileSession;
import dev.netservices.files.session.Reply;
import dev.netservices.files.session.ReplyCode;
import dev.netservices.files.session.SessionContext;

/**
 * One TCP port of the file service (the plain one, and the TLS one when configured): {@link TcpAcceptor}
 * accepts, a pool of threads serves, each connection wrapped by {@code connections} (plain or TLS).
 * Both ports draw from one set of {@code maxSessions} session slots.
 *
 * <p>A connection is only accepted into the pool when a session slot is free. Otherwise it is told at
 * once that the server is busy and closed, so that nobody waits silently in the backlog. A watchdog
 * thread ticks every session a few times per timeout to enforce the idle timeout and the minimum
 * transfer rate (see {@code SessionWatchdog}).
 */
public final class FileServer implements ProtocolServer {

    private static final Logger log = LoggerFactory.getLogger(FileServer.class);
    private static final int BACKLOG = 1024;
    // Bounds the threads that linger over rejected connections during a flood of them.
    private static final int MAX_LINGERING_REJECTS = 256;

    private final String name;
    private final int configuredPort;
    private final SessionContext context;
    private final FileLimits limits;
    private final Function<SocketChannel, Connection> connections;
    private final Semaphore slots;
    private final Semaphore lingeringRejects = new Semaphore(MAX_LINGERING_REJECTS);
    private final Set<FileSession> sessions = ConcurrentHashMap.newKeySet();

    private volatile TcpAcceptor acceptor;
    private volatile boolean serving;
    private ThreadPoolExecutor pool;
    private ScheduledExecutorService watchdog;

    /**
     * @param name        {@code files} or {@code files-tls}: in logs, thread names and health
     * @param slots       session slots, shared by the plain and the TLS port
     * @param connections wraps an accepted channel: {@code PlainConnection::new} or a TLS one
     */
    public FileServer(String name, int port, SessionContext context, Semaphore slots, Function<SocketChannel, Connection> connections) {
        this.name = name;
        this.configuredPort = port;
        this.context = context;
        this.limits = context.limits();
        this.slots = slots;
        this.connections = connections;
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
        AtomicInteger threadNumber = new AtomicInteger();
        int maxSessions = limits.maxSessions();
        pool = new ThreadPoolExecutor(maxSessions, maxSessions, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> new Thread(task, name + "-session-" + threadNumber.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name + "-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long tick = Math.max(10, Math.min(limits.idleTimeout().toMillis(), limits.rateWindow().toMillis()) / 4);
        watchdog.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        serving = true;
        acceptor = bound;
        bound.start(this::accepted);
    }

    private void accepted(SocketChannel channel) {
        Connection connection = connections.apply(channel);
        if (!serving) {
            reject(connection, Reply.SHUTTING_DOWN);
        } else if (!slots.tryAcquire()) {
            context.metrics().sessionRejected();
            reject(connection, Reply.error(ReplyCode.UNAVAILABLE,
                    "server busy: all %d sessions are in use, try again later".formatted(limits.maxSessions())));
        } else {
            start(connection);
        }
    }

    private void start(Connection connection) {
        try {
            connection.channel().setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            slots.release();
            connection.close();
            return;
        }
        FileSession session = new FileSession(connection, context);
        sessions.add(session);
        if (!serving) {
            // accepted just as stopAccepting() drained the others: it must not wait out its idle timeout
            session.drain();
        }
        context.metrics().sessionOpened();
        pool.execute(() -> {
            try {
                session.run();
            } finally {
                sessions.remove(session);
                context.metrics().sessionClosed();
                slots.release();
            }
        });
    }

    // Plain text can be said at once; on the TLS port it would be noise before a handshake, so it just closes.
    private void reject(Connection connection, Reply reply) {
        if (connection.isSecure()) {
            connection.close();
            return;
        }
        try {
            connection.channel().write(ByteBuffer.wrap(reply.bytes()));
        } catch (IOException e) {
            connection.close();
            return;
        }
        if (lingeringRejects.tryAcquire()) {
            Thread.ofVirtual().name(name + "-reject").start(() -> {
                try {
                    connection.lingeringClose();
                } finally {
                    lingeringRejects.release();
                }
            });
        } else {
            connection.close();
        }
    }

    private void tick() {
        for (FileSession session : sessions) {
            try {
                session.tick();
            } catch (RuntimeException e) {
                log.warn("watchdog tick failed", e);
            }
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
        return sessions.size();
    }

    @Override
    public void stopAccepting() {
        serving = false;
        TcpAcceptor bound = acceptor;
        if (bound != null) {
            bound.close();
        }
        sessions.forEach(FileSession::drain);
    }

    @Override
    public synchronized void close() {
        serving = false;
        TcpAcceptor bound = acceptor;
        acceptor = null;
        if (bound != null) {
            bound.close();
        }
        sessions.forEach(FileSession::forceClose);
        if (pool != null) {
            pool.shutdownNow();
            try {
                if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("files sessions still running after close");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
    }
}
