package dev.netservices.web.reactor;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.net.ssl.SSLEngine;

/**
 * The SSLEngine's delegated tasks (key exchange, the certificate signature: the costly part of a server's
 * handshake, about a millisecond each) on a few threads of their own. Run inline, a burst of 2,000 ClientHellos
 * held every event loop for seconds and kept established connections waiting; here the loop hands the task over,
 * serves its other connections, and takes the handshake up again when the task is done ({@link TlsTransport}).
 *
 * <p>Bounded twice: {@code threads} threads, and a queue as long as the handshakes the loops admit
 * ({@code web.tls.max-handshakes} each), since a handshake has at most one batch of tasks out at a time. Should
 * the queue still be full, the loop runs the task itself, which is what it did before.
 */
final class HandshakeTasks implements AutoCloseable {

    private final ThreadPoolExecutor executor;

    HandshakeTasks(String name, int threads, int queueLength) {
        AtomicInteger index = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queueLength)),
                task -> Thread.ofPlatform().daemon().name(name + "-handshake-" + index.getAndIncrement()).unstarted(task),
                new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /**
     * Runs every task the engine has now, then {@code done} with what stopped them (null when nothing did):
     * on one of these threads, or on the caller's when the queue is full.
     */
    void run(SSLEngine engine, Consumer<Throwable> done) {
        executor.execute(() -> {
            Throwable failure = null;
            try {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } catch (Throwable e) { // an OutOfMemoryError too: it ends this handshake, not the thread
                failure = e;
            }
            done.accept(failure);
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
