package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.net.RemoteAddress;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.http.HttpLimits;

/**
 * One thread, one Selector, many connections. The acceptor hands it channels through a queue; from
 * then on everything about a connection, timeouts included, happens on this thread.
 *
 * <p>Whatever one connection throws, {@link Error}s included (an {@code OutOfMemoryError} for direct
 * memory is one a client can provoke), closes that connection only. Should the loop itself die anyway,
 * it closes its connections and tells its {@link LoopSupervisor} ({@code onDeath}), which replaces it.
 */
final class EventLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    private static final int READ_BUFFER_BYTES = 32 * 1024;

    private final Selector selector;
    private final ConnectionSetup setup;
    private final ServiceClock clock;
    private final Queue<SocketChannel> incoming = new ConcurrentLinkedQueue<>();
    private final Set<Connection> connections = new HashSet<>();
    private final AtomicInteger load = new AtomicInteger();
    // Shared by all of this loop's connections: a connection keeps bytes of its own only while pipelining.
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final long sweepNanos;

    private final Consumer<EventLoop> onDeath;
    private volatile boolean running = true;
    private volatile boolean alive = true;
    private volatile boolean draining;
    private boolean drainApplied;
    private long nextSweep;

    EventLoop(ConnectionSetup setup, Consumer<EventLoop> onDeath) throws IOException {
        this.selector = Selector.open();
        this.onDeath = onDeath;
        this.setup = setup;
        this.clock = setup.clock();
        HttpLimits limits = setup.limits();
        Duration shortest = limits.headerTimeout().compareTo(limits.idleTimeout()) < 0
                ? limits.headerTimeout() : limits.idleTimeout();
        this.sweepNanos = Math.clamp(shortest.toNanos() / 8, 10_000_000L, 500_000_000L);
    }

    /** Connections owned or about to be owned; the acceptor picks the loop with the fewest. */
    int load() {
        return load.get();
    }

    /** Called by the acceptor thread. */
    void hand(SocketChannel channel) {
        load.incrementAndGet();
        incoming.add(channel);
        selector.wakeup();
    }

    void startDraining() {
        draining = true;
        selector.wakeup();
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        nextSweep = clock.nanoTime() + sweepNanos;
        try {
            while (running) {
                selector.select(this::onSelected, Math.max(1, sweepNanos / 1_000_000));
                registerIncoming();
                long now = clock.nanoTime();
                if (draining && !drainApplied) {
                    drainApplied = true;
                    List.copyOf(connections).forEach(c -> guarded(c, Connection::drain));
                }
                if (now - nextSweep >= 0) {
                    nextSweep = now + sweepNanos;
                    sweep(now);
                }
            }
        } catch (Throwable e) {
            log.error("Event loop {} stopped by an unexpected error", Thread.currentThread().getName(), e);
        } finally {
            alive = false;
            try {
                closeAll();
            } finally {
                if (running) {
                    onDeath.accept(this);
                }
            }
        }
    }

    /** False once the loop's thread has ended; a dead loop takes no connections. */
    boolean alive() {
        return alive;
    }

    private void onSelected(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        if (!key.isValid()) {
            return;
        }
        if (key.isReadable()) {
            guarded(connection, Connection::onReadable);
        } else if (key.isWritable()) {
            guarded(connection, Connection::onWritable);
        }
    }

    /** Runs one connection's step; anything it throws closes that connection and no other. */
    private static void guarded(Connection connection, Consumer<Connection> step) {
        try {
            step.accept(connection);
        } catch (Throwable e) {
            log.warn("Closing a connection after an unexpected error: {}", e.toString(), e);
            try {
                connection.close();
            } catch (Throwable again) {
                log.warn("Closing the connection failed too: {}", again.toString());
            }
        }
    }

    private void registerIncoming() {
        SocketChannel channel;
        while ((channel = incoming.poll()) != null) {
            String remote = RemoteAddress.hostOf(channel);
            Connection connection;
            try {
                connection = new Connection(this, setup, readBuffer, channel, setup.transportFor(channel), remote);
            } catch (IOException | RuntimeException e) {
                log.warn("No TLS engine for a new connection: {}", e.toString());
                QuietClose.close(channel);
                load.decrementAndGet();
                setup.stats().connectionClosed();
                continue;
            }
            connections.add(connection);
            try {
                connection.register(selector);
                if (drainApplied) {
                    connection.drain(); // handed over just as the drain began
                }
            } catch (IOException e) {
                connection.close();
            }
        }
    }

    private void sweep(long now) {
        for (Connection connection : List.copyOf(connections)) {
            if (connection.state() != Connection.State.CLOSED) {
                guarded(connection, c -> c.checkTimeout(now));
            }
        }
    }

    private void closeAll() {
        registerIncoming();
        List.copyOf(connections).forEach(Connection::close);
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("Selector close failed", e);
        }
    }

    // ---- what connections ask of their loop ----

    boolean draining() {
        return draining;
    }

    void closed(Connection connection) {
        if (connections.remove(connection)) {
            load.decrementAndGet();
            setup.stats().connectionClosed();
        }
    }
}
