package dev.netservices.common.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code health.readiness} (Prometheus {@code health_readiness}): 1 while the service's readiness group is UP,
 * else 0, so that an alert rule can see what a load balancer's readiness probe sees. The value is asked of the
 * health endpoint at each scrape; the {@code application} tag comes from the common tags every service sets.
 * Until the health endpoint exists (early in start-up) the service is not ready: 0.
 */
public final class ReadinessGauge implements MeterBinder {

    static final String NAME = "health.readiness";
    private static final String READINESS_GROUP = "readiness";

    private final ObjectProvider<HealthEndpoint> health;

    public ReadinessGauge(ObjectProvider<HealthEndpoint> health) {
        this.health = health;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, this, ReadinessGauge::value)
                .description("1 while the readiness health group is UP, else 0")
                .register(registry);
    }

    double value() {
        HealthEndpoint endpoint = health.getIfAvailable();
        if (endpoint == null) {
            return 0;
        }
        HealthDescriptor readiness = endpoint.healthForPath(READINESS_GROUP);
        return readiness != null && Status.UP.equals(readiness.getStatus()) ? 1 : 0;
    }
}
