package dev.netservices.web.observability;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.netservices.web.reactor.ConnectionCeiling;
import dev.netservices.web.reactor.ServerStats;
import dev.netservices.web.reactor.WebServer;

/**
 * Health component {@code reactor}, in the liveness group as well as readiness: DOWN when a port has lost its
 * acceptor thread, or an event loop that was not replaced. Such a process answers nobody while it looks alive
 * (issue 24 found one: every loop and both acceptors dead of OutOfMemoryError, the JVM running on); liveness
 * DOWN lets an orchestrator restart it. Details: the connection limit in force and how it was derived, TLS
 * handshakes in progress.
 */
public final class ReactorHealthIndicator implements HealthIndicator {

    private final List<WebServer> servers;
    private final ConnectionCeiling ceiling;
    private final ServerStats stats;

    public ReactorHealthIndicator(List<WebServer> servers, ConnectionCeiling ceiling, ServerStats stats) {
        this.servers = servers;
        this.ceiling = ceiling;
        this.stats = stats;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (WebServer server : servers) {
            boolean alive = server.threadsAlive();
            if (!alive) {
                health = Health.down().withDetail("threadsLost", server.name());
            }
        }
        return health.withDetail("maxConnections", ceiling.effective())
                .withDetail("maxConnectionsSetting", ceiling.configured())
                .withDetail("maxConnectionsHeapHolds", ceiling.heapHolds())
                .withDetail("heapBytesPerConnection", ceiling.bytesPerConnection())
                .withDetail("tlsHandshakesInProgress", stats.handshakesInProgress())
                .build();
    }
}
