package dev.netservices.common.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.context.annotation.Bean;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.common.time.ServiceClockAutoConfiguration;

/**
 * Lifecycle and health for the service's protocol servers. The health contributor is named
 * {@code protocol}: a service adds it to its readiness group with
 * {@code management.endpoint.health.group.readiness.include=readinessState,protocol}.
 *
 * <p>The drain on shutdown is Spring Boot's own {@code spring.lifecycle.timeout-per-shutdown-phase} (Boot's
 * default, 30 s, written nowhere in our code), so HTTP requests and protocol sessions get the same time.
 */
@AutoConfiguration(after = {ServiceClockAutoConfiguration.class, LifecycleAutoConfiguration.class})
@ConditionalOnBean(ProtocolServer.class)
public class ProtocolServerAutoConfiguration {

    @Bean
    ProtocolServerLifecycle protocolServerLifecycle(List<ProtocolServer> servers,
            LifecycleProperties lifecycle, ServiceClock clock) {
        return new ProtocolServerLifecycle(servers, lifecycle.getTimeoutPerShutdownPhase(), clock);
    }

    @Bean
    CompositeHealthContributor protocolHealthContributor(List<ProtocolServer> servers) {
        Map<String, ProtocolServerHealthIndicator> indicators = new LinkedHashMap<>();
        servers.forEach(server -> indicators.put(server.name(), new ProtocolServerHealthIndicator(server)));
        return CompositeHealthContributor.fromMap(indicators);
    }
}
