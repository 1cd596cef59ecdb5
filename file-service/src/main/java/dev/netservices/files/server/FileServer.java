package dev.netservices.files.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
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

import dev.netservices.common.server.ProtocolServer;
import dev.netservices.files.observability.FileMetrics;
import dev.netservices.files.session.FileSession;
import dev.netservices.files.session.LingeringClose;
import dev.netservices.files.session.ReplyCode;
import dev.netservices.files.session.SessionLimits;
import dev.netservices.files.store.FileStore;

/**
 * The TCP side of the file service: one thread accepts, a pool of {@code maxSessions} threads serves.
 *
 * <p>A connection is only accepted into the pool when a session slot is free. Otherwise it is told at
 * once that the server is busy and closed, so that nobody waits silently in the backlog. A watchdog
 * thread ticks every session a few times per timeout to enforce the idle timeout and the minimum
 * transfer rate (see {@link FileSession}).
 */
public final class FileServer implements ProtocolServer {

    private static final Logger log = LoggerFactory.getLogger(FileServer.class);
    private static final int BACKLOG = 1024;
    // Bounds the threads that linger over rejected connections during a flood of them.
    private static final int MAX_LINGERING_REJECTS = 256;

    private final int configuredPort;
    private final int maxSessions;
    private final SessionLimits limits;
    private final FileStore store;
    private final FileMetrics metrics;
    private final Semaphore slots;
    private final Semaphore lingeringRejects = new Semaphore(MAX_LINGERING_REJECTS);
    private final Set<FileSession> sessions = ConcurrentHashMap.newKeySet();

    private volatile ServerSocketChannel listener;
    private volatile boolean serving;
    private volatile int boundPort = -1;
    private ThreadPoolExecutor pool;
    private ScheduledExecutorService watchdog;
    private Thread acceptor;

    public FileServer(int port, int maxSessions, SessionLimits limits, FileStore store, FileMetrics metrics) {
        this.configuredPort = port;
        this.maxSessions = maxSessions;
        this.limits = limits;
        this.store = store;
        this.metrics = metrics;
        this.slots = new Semaphore(maxSessions);
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
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(configuredPort), BACKLOG);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        listener = channel;
        boundPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        AtomicInteger threadNumber = new AtomicInteger();
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
        acceptor = Thread.ofPlatform().name("files-accept").start(this::acceptLoop);
    }

    private void acceptLoop() {
        ServerSocketChannel channel = listener;
        while (true) {
            SocketChannel connection;
            try {
                connection = channel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // out of file descriptors and the like: back off instead of spinning
                log.warn("accept failed: {}", e.toString());
                pause();
                continue;
            }
            if (!serving) {
                reject(connection, "ERR " + ReplyCode.UNAVAILABLE + " server is shutting down");
            } else if (!slots.tryAcquire()) {
                metrics.sessionRejected();
                reject(connection, "ERR %d server busy: all %d sessions are in use, try again later"
                        .formatted(ReplyCode.UNAVAILABLE, maxSessions));
            } else {
                start(connection);
            }
        }
    }

    private void start(SocketChannel connection) {
        FileSession session;
        try {
            connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
            session = new FileSession(connection, store, metrics, limits);
        } catch (IOException e) {
            slots.release();
            closeQuietly(connection);
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

    private void reject(SocketChannel connection, String line) {
        try {
            connection.write(ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            closeQuietly(connection);
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
            closeQuietly(connection);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (FileSession session : sessions) {
            try {
                session.tick(now);
            } catch (RuntimeException e) {
                log.warn("watchdog tick failed", e);
            }
        }
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
        return sessions.size();
    }

    @Override
    public void stopAccepting() {
        serving = false;
        ServerSocketChannel channel = listener;
        if (channel != null) {
            closeQuietly(channel);
        }
        sessions.forEach(FileSession::drain);
    }

    @Override
    public synchronized void close() {
        serving = false;
        if (listener != null) {
            closeQuietly(listener);
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
        if (acceptor != null) {
            try {
                acceptor.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boundPort = -1;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
