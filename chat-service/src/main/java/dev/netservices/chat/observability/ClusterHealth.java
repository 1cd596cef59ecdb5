package dev.netservices.chat.observability;

import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code cluster} health component (only with {@code chat.cluster.enabled}): UP while this node reaches Redis
 * and beats, DOWN with the reason otherwise. This node's own members keep talking while it is DOWN, so it is not
 * part of readiness.
 */
public final class ClusterHealth implements HealthIndicator {

    private final String node;
    private final Supplier<String> problem;

    /** {@code problem}: null while the cluster works, else why not. */
    public ClusterHealth(String node, Supplier<String> problem) {
        this.node = node;
        this.problem = problem;
    }

    @Override
    public Health health() {
        String now = problem.get();
        return (now == null ? Health.up() : Health.down().withDetail("reason", now)).withDetail("node", node).build();
    }
}
