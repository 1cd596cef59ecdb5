package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one port's event loops running: starts them, hands each new connection to the live loop with the
 * fewest, and replaces a loop whose thread died from an error no connection could absorb (its connections
 * are lost, the port serves on). Until the new loop runs, {@link #allAlive()} is false, so readiness and
 * liveness say DOWN; a loop that cannot be started is tried again on the next connection, and meanwhile the
 * port stays DOWN, so that an orchestrator restarts a process that cannot serve.
 */
final class LoopSupervisor {

    private static final Logger log = LoggerFactory.getLogger(LoopSupervisor.class);
    private static final long JOIN_MILLIS = 5_000;

    private final String name;
    private final int count;
    private final ConnectionSetup setup;
    private final List<EventLoop> loops = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    // false once the port drains: a loop that dies then is not replaced
    private volatile boolean replacing;

    LoopSupervisor(String name, int count, ConnectionSetup setup) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one event loop is needed");
        }
        this.name = name;
        this.count = count;
        this.setup = setup;
    }

    synchronized void start() throws IOException {
        for (int i = 0; i < count; i++) {
            loops.add(startLoop(i));
        }
        replacing = true;
    }

    private EventLoop startLoop(int index) throws IOException {
        EventLoop loop = new EventLoop(setup, this::died);
        threads.add(Thread.ofPlatform().name(name + "-loop-" + index).start(loop));
        return loop;
    }

    private void died(EventLoop dead) {
        log.error("An event loop died; starting a new one in its place");
        replaceDead();
    }

    private synchronized void replaceDead() {
        for (int i = 0; i < loops.size(); i++) {
            if (!loops.get(i).alive() && replacing) {
                try {
                    loops.set(i, startLoop(i));
                } catch (IOException | RuntimeException | Error e) {
                    // OutOfMemoryError too ("unable to create native thread", or the heap): this runs on the dying
                    // loop's thread, and an escape would leave the port short of a loop with nobody told.
                    log.error("A new event loop could not be started (tried again on the next connection): {}",
                            e.toString());
                }
            }
        }
    }

    /** Gives a non-blocking channel to the live loop with the fewest connections; false when none is alive. */
    boolean hand(SocketChannel channel, String address) {
        if (!allAlive()) {
            replaceDead();
        }
        EventLoop target = null;
        for (EventLoop loop : loops) {
            if (loop.alive() && (target == null || loop.load() < target.load())) {
                target = loop;
            }
        }
        if (target == null) {
            return false;
        }
        target.hand(channel, address);
        return true;
    }

    boolean allAlive() {
        for (EventLoop loop : loops) {
            if (!loop.alive()) {
                return false;
            }
        }
        return true;
    }

    /** Connections the loops own or are about to own. */
    int connections() {
        int open = 0;
        for (EventLoop loop : loops) {
            open += loop.load();
        }
        return open;
    }

    /** Idle connections close now, busy ones after their response; no loop is replaced any more. */
    synchronized void startDraining() {
        replacing = false;
        loops.forEach(EventLoop::startDraining);
    }

    /** Stops every loop (each closes its connections) and waits up to five seconds for each thread. */
    synchronized void stop() {
        replacing = false;
        loops.forEach(EventLoop::stop);
        for (Thread thread : threads) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
