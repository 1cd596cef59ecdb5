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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.net.TcpAcceptor;
import dev.netservices.common.server.ProtocolServer;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.observability.FileMetrics;
import dev.netservices.files.session.FileLimits;
import dev.netservices.files.session.FileSession;
import dev.netservices.files.session.LingeringClose;
import dev.netservices.files.session.Reply;
import dev.netservices.files.session.ReplyCode;
import dev.netservices.files.store.FileStore;

/**
 * The TCP side of the file service: {@link TcpAcceptor} accepts, a pool of {@code maxSessions} threads serves.
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

    private final int configuredPort;
    private final FileLimits limits;
    private final FileStore store;
    private final FileMetrics metrics;
    private final ServiceClock clock;
    private final Semaphore slots;
    private final Semaphore lingeringRejects = new Semaphore(MAX_LINGERING_REJECTS);
    private final Set<FileSession> sessions = ConcurrentHashMap.newKeySet();

    private volatile TcpAcceptor acceptor;
    private volatile boolean serving;
    private ThreadPoolExecutor pool;
    private ScheduledExecutorService watchdog;

    public FileServer(int port, FileLimits limits, FileStore store, FileMetrics metrics, ServiceClock clock) {
        this.configuredPort = port;
        this.limits = limits;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.slots = new Semaphore(limits.maxSessions());
    }

    @Override
    public String name() {
        return "files";
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
        TcpAcceptor bound = TcpAcceptor.bind(name(), configuredPort, BACKLOG, clock);
        AtomicInteger threadNumber = new AtomicInteger();
        int maxSessions = limits.maxSessions();
        pool = new ThreadPoolExecutor(maxSessions, maxSessions, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> new Thread(task, "files-session-" + threadNumber.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "files-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long tick = Math.max(10, Math.min(limits.idleTimeout().toMillis(), limits.rateWindow().toMillis()) / 4);
        watchdog.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        serving = true;
        acceptor = bound;
        bound.start(this::accepted);
    }

    private void accepted(SocketChannel connection) {
        if (!serving) {
            reject(connection, Reply.SHUTTING_DOWN);
        } else if (!slots.tryAcquire()) {
            metrics.sessionRejected();
            reject(connection, Reply.error(ReplyCode.UNAVAILABLE,
                    "server busy: all %d sessions are in use, try again later".formatted(limits.maxSessions())));
        } else {
            start(connection);
        }
    }

    private void start(SocketChannel connection) {
        FileSession session;
        try {
            connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
            session = new FileSession(connection, store, metrics, limits, clock);
        } catch (IOException e) {
            slots.release();
            QuietClose.close(connection);
            return;
        }
        sessions.add(session);
        if (!serving) {
            // accepted just as stopAccepting() drained the others: it must not wait out its idle timeout
            session.drain();
        }
        metrics.sessionOpened();
        pool.execute(() -> {
            try {
                session.run();
            } finally {
                sessions.remove(session);
                metrics.sessionClosed();
                slots.release();
            }
        });
    }

    private void reject(SocketChannel connection, Reply reply) {
        try {
            connection.write(ByteBuffer.wrap(reply.bytes()));
        } catch (IOException e) {
            QuietClose.close(connection);
            return;
        }
        if (lingeringRejects.tryAcquire()) {
            Thread.ofVirtual().name("files-reject").start(() -> {
                try {
                    LingeringClose.close(connection);
                } finally {
                    lingeringRejects.release();
                }
            });
        } else {
            QuietClose.close(connection);
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
