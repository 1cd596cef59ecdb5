package dev.netservices.chat;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Spring Boot's Redis auto-configurations out while chat.cluster.enabled is off (the default): one node
 * never contacts Redis, yet the Lettuce client, its Netty and Reactor resources and the Redis repository scan
 * were made at every start (docs/containers.md, "Start-up"). With the cluster on, cluster/ClusterConfiguration
 * uses the connection factory and template they make, and they stay. Registered in META-INF/spring.factories, so
 * the tests start the way the jar does.
 */
public class ClusterOnlyAutoConfigurations implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final String REDIS = "org.springframework.boot.data.redis.autoconfigure.";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        // Read as ClusterConfiguration's @ConditionalOnBooleanProperty reads it: only "true" turns the cluster on.
        boolean cluster = "true".equalsIgnoreCase(environment.getProperty("chat.cluster.enabled", "false").strip());
        boolean[] match = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < match.length; i++) {
            String name = autoConfigurationClasses[i];
            match[i] = cluster || name == null || !name.startsWith(REDIS);
        }
        return match;
    }
}
