package dev.netservices.common.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.context.annotation.Bean;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.common.time.ServiceClockAutoConfiguration;

/**
 * Lifecycle and health for the service's protocol servers. The health contributor is named
 * {@code protocol}: a service adds it to its readiness group with
 * {@code management.endpoint.health.group.readiness.include=readinessState,protocol}.
 */
@AutoConfiguration(after = ServiceClockAutoConfiguration.class)
@ConditionalOnBean(ProtocolServer.class)
public class ProtocolServerAutoConfiguration {

    @Bean
    ProtocolServerLifecycle protocolServerLifecycle(List<ProtocolServer> servers,
            @Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration drainTimeout, ServiceClock clock) {
        return new ProtocolServerLifecycle(servers, drainTimeout, clock);
    }

    @Bean
    CompositeHealthContributor protocolHealthContributor(List<ProtocolServer> servers) {
        Map<String, ProtocolServerHealthIndicator> indicators = new LinkedHashMap<>();
        servers.forEach(server -> indicators.put(server.name(), new ProtocolServerHealthIndicator(server)));
        return CompositeHealthContributor.fromMap(indicators);
    }
}
