package dev.netservices.common.server;

import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import dev.netservices.common.time.Deadline;
import dev.netservices.common.time.ServiceClock;

/**
 * Plugs every {@link ProtocolServer} bean into the Spring lifecycle.
 *
 * <p>It runs in the last phase, so a server binds only once everything it depends on has started, and
 * it is the first thing stopped, before the actuator's web server, so that health turns DOWN while
 * the drain is under way.
 */
public class ProtocolServerLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProtocolServerLifecycle.class);

    private final List<ProtocolServer> servers;
    private final Duration drainTimeout;
    private final ServiceClock clock;
    private final List<ProtocolServer> started = new ArrayList<>();
    private volatile boolean running;

    public ProtocolServerLifecycle(List<ProtocolServer> servers, Duration drainTimeout, ServiceClock clock) {
        this.servers = List.copyOf(servers);
        this.drainTimeout = drainTimeout;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        for (ProtocolServer server : servers) {
            try {
                server.bind();
            } catch (BindException e) {
                closeStarted();
                throw new ProtocolPortInUseException(server.name(), server.transport(), server.configuredPort(), e);
            } catch (IOException | RuntimeException e) {
                closeStarted();
                throw new IllegalStateException("The %s server could not start on %s port %d: %s"
                        .formatted(server.name(), server.transport(), server.configuredPort(), e.getMessage()), e);
            }
            started.add(server);
            log.info("{} server listening on {} port {}", server.name(), server.transport(), server.port());
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        started.forEach(ProtocolServer::stopAccepting);
        Deadline deadline = Deadline.after(drainTimeout, clock);
        for (ProtocolServer server : started) {
            drain(server, deadline);
        }
        closeStarted();
    }

    private void drain(ProtocolServer server, Deadline deadline) {
        int live = server.liveSessions();
        if (live > 0) {
            log.info("{} server draining {} {} (up to {})", server.name(), live, server.sessionsLabel(), deadline.remaining());
        }
        try {
            if (!server.awaitDrained(deadline)) {
                log.warn("{} server still had {} {} after the shutdown timeout; closing them",
                        server.name(), server.liveSessions(), server.sessionsLabel());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeStarted() {
        for (ProtocolServer server : started) {
            server.close();
            log.info("{} server stopped", server.name());
        }
        started.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
