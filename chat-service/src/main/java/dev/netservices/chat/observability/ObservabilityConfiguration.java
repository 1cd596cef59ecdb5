package dev.netservices.chat.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.netservices.chat.cluster.NodeWatch;
import dev.netservices.chat.cluster.RedisRoster;
import dev.netservices.chat.room.Membership;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The meters and health of the chat service. {@link ChatMetrics} is the one listener of the room, the flow and the
 * cluster (their beans find it by those interfaces); the gauges read the room's state when scraped.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

    @Bean
    ChatMetrics chatMetrics(MeterRegistry registry) {
        return new ChatMetrics(registry);
    }

    @Bean
    MeterBinder chatMembersGauge(Membership membership) {
        return registry -> Gauge.builder("chat.members", membership, Membership::size).description("Members in the room")
                .register(registry);
    }

    /** With {@code chat.cluster.enabled}: the room on all nodes, and whether this node reaches it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("chat.cluster.enabled")
    static class Cluster {

        @Bean
        MeterBinder chatClusterMembersGauge(RedisRoster roster) {
            return registry -> Gauge.builder("chat.cluster.members", roster, RedisRoster::sizeOrMinusOne)
                    .description("Members in the room on all nodes; -1 while Redis is unreachable").register(registry);
        }

        @Bean("cluster")
        ClusterHealth clusterHealth(NodeWatch watch) {
            return new ClusterHealth(watch.node(), watch::problem);
        }
    }
}
