package dev.netservices.common.server;

import java.io.IOException;
import java.time.Duration;

import dev.netservices.common.time.Deadline;

/**
 * A raw protocol server (UDP chat, TCP files, HTTP reactor) as Spring sees it.
 *
 * <p>Declare an implementation as a bean and {@code common} does the rest: {@link ProtocolServerLifecycle}
 * binds it once the context is ready and drains it on shutdown, {@link ProtocolServerHealthIndicator}
 * reports it under the {@code protocol} health contributor, and a port already in use stops start-up
 * with a readable message ({@link ProtocolPortInUseFailureAnalyzer}).
 *
 * <p>Shutdown is three steps so that work in flight can finish: {@link #stopAccepting()}, then
 * {@link #awaitDrained(Deadline)} within the shutdown timeout, then {@link #close()}.
 */
public interface ProtocolServer {

    /** Short name used in logs, health and metrics: {@code chat}, {@code files}, {@code web}. */
    String name();

    /** {@code tcp} or {@code udp}: said in log lines and error messages. */
    String transport();

    /** The port asked for; 0 means any free port. */
    int configuredPort();

    /**
     * Binds the port and begins serving on the server's own threads; returns once bound.
     *
     * @throws java.net.BindException when the port is taken
     */
    void bind() throws IOException;

    /** The port actually bound, or -1 while not bound. */
    int port();

    /** True only while bound and taking new work. */
    boolean isServing();

    /** What a live session is called here, for health details: {@code members}, {@code sessions}, {@code connections}. */
    default String sessionsLabel() {
        return "sessions";
    }

    /** Sessions (members, connections) alive right now. */
    int liveSessions();

    /** Refuses new work from now on; sessions and transfers in flight carry on. */
    void stopAccepting();

    /**
     * Waits until work in flight has finished; true when it did before {@code deadline} (the shutdown deadline, on the service clock).
     *
     * <p>By default that is when {@link #liveSessions()} reaches zero, for servers whose sessions end
     * once {@link #stopAccepting()} has told them to. A server whose sessions do not end by themselves
     * (chat members) overrides it. Shutdown happens once, so a short poll is simpler than a signal.
     */
    default boolean awaitDrained(Deadline deadline) throws InterruptedException {
        return deadline.await(() -> liveSessions() == 0, Duration.ofMillis(20));
    }

    /**
     * Closes the port and whatever is still open. Safe to call more than once and before {@link #bind()}:
     * Spring also calls it as the bean's destroy method.
     */
    void close();
}
