package dev.netservices.common.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.annotation.Bean;

/** Registers {@link ReadinessGauge} in every service that has Micrometer and the health endpoint (all three). */
@AutoConfiguration
@ConditionalOnClass({MeterBinder.class, HealthEndpoint.class})
public class ReadinessGaugeAutoConfiguration {

    @Bean
    ReadinessGauge readinessGauge(ObjectProvider<HealthEndpoint> health) {
        return new ReadinessGauge(health);
    }
}
