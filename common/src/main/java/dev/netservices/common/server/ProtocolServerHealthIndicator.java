package dev.netservices.common.server;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP only while the server is bound and taking work; details say where and how busy. */
public class ProtocolServerHealthIndicator implements HealthIndicator {

    private final ProtocolServer server;

    public ProtocolServerHealthIndicator(ProtocolServer server) {
        this.server = server;
    }

    @Override
    public Health health() {
        Health.Builder health = server.isServing() ? Health.up() : Health.down();
        return health.withDetail("transport", server.transport())
                .withDetail("port", server.port())
                .withDetail(server.sessionsLabel(), server.liveSessions())
                .build();
    }
}
