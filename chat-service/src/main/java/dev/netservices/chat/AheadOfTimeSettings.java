package dev.netservices.chat;

import dev.netservices.common.startup.AheadOfTimeRecord;
import dev.netservices.common.startup.FixedSettings;
import java.util.List;
import java.util.Map;

/**
 * The settings this service's conditions read, which Spring AOT fixes at build time: chat.cluster.enabled=true would start one node without its cluster if the start did not
 * compare them ({@link dev.netservices.common.startup.AheadOfTimeStart}).
 */
final class AheadOfTimeSettings {

    // Not spring.data.redis: with chat.cluster.enabled equal to the build's (off), ClusterOnlyAutoConfigurations leaves
    // Redis's auto-configurations out whatever they say, and compose sets spring.data.redis.host on every node. Not the
    // rest of chat.cluster either: no condition reads it, and compose mounts chat.cluster.secret on every node (empty
    // when unset), which made every compose start of chat the slow one.
    static final FixedSettings FIXED = FixedSettings.of(
            List.of("chat.cluster.enabled", "spring.integration", "spring.security"),
            Map.of("chat.cluster.enabled", "false"));

    private AheadOfTimeSettings() {
    }

    /** Writes the build's values into the jar (META-INF/spring/aot.factories). */
    static final class Record extends AheadOfTimeRecord {

        Record() {
            super(FIXED);
        }
    }
}
