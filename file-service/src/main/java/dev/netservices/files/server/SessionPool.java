package dev.netservices.files.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.files.session.FileLimits;
import dev.netservices.files.session.FileSession;

/**
 * The sessions of one port and the threads that run them: one pool thread per session (at most
 * {@code maxSessions}), and a watchdog thread that ticks every live session a few times per timeout to enforce
 * the first-command deadline, the idle timeout and the minimum transfer rate (see {@code SessionWatchdog}). Shutdown drains the sessions
 * (each ends between commands) or, at the end, closes them whatever they are doing.
 */
final class SessionPool {

    private static final Logger log = LoggerFactory.getLogger(SessionPool.class);
    // An idle pool thread ends after this; the pool grows again up to maxSessions on demand.
    private static final long IDLE_THREAD_SECONDS = 30;
    // close() waits this long for the threads of sessions it force-closed (a wait, not a protocol timeout).
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final Set<FileSession> sessions = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor threads;
    private final ScheduledExecutorService watchdog;

    private final Runnable alsoOnTick;

    /** Starts the watchdog, which also runs {@code alsoOnTick} each time; sessions start with {@link #run}. */
    SessionPool(String name, FileLimits limits, Runnable alsoOnTick) {
        this.alsoOnTick = alsoOnTick;
        AtomicInteger threadNumber = new AtomicInteger();
        int maxSessions = limits.maxSessions();
        threads = new ThreadPoolExecutor(maxSessions, maxSessions, IDLE_THREAD_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> new Thread(task, name + "-session-" + threadNumber.incrementAndGet()));
        threads.allowCoreThreadTimeOut(true);
        watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name + "-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long shortest = Math.min(limits.firstCommandTimeout().toMillis(), Math.min(limits.idleTimeout().toMillis(), limits.rateWindow().toMillis()));
        long tick = Math.max(10, shortest / 4);
        watchdog.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code session} on a pool thread; {@code ended} runs on that thread once the session is over.
     * {@code draining} is asked after the session is listed, so a drain that began meanwhile is not missed.
     */
    void run(FileSession session, BooleanSupplier draining, Runnable ended) {
        sessions.add(session);
        if (draining.getAsBoolean()) {
            // accepted just as the server began to drain the others: it must not wait out its idle timeout
            session.drain();
        }
        threads.execute(() -> {
            try {
                session.run();
            } finally {
                sessions.remove(session);
                ended.run();
            }
        });
    }

    int live() {
        return sessions.size();
    }

    /** A session waiting for a command ends now, the others after their current one. */
    void drain() {
        sessions.forEach(FileSession::drain);
    }

    /** Ends every session at once and stops the threads. */
    void close() {
        sessions.forEach(FileSession::forceClose);
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("files sessions still running after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.shutdownNow();
    }

    private void tick() {
        try {
            alsoOnTick.run();
        } catch (RuntimeException e) {
            log.warn("watchdog tick failed", e);
        }
        for (FileSession session : sessions) {
            try {
                session.tick();
            } catch (RuntimeException e) {
                log.warn("watchdog tick failed", e);
            }
        }
    }
}
