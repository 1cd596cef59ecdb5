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

    static final FixedSettings FIXED = FixedSettings.of(
            List.of("chat.cluster", "spring.integration", "spring.data.redis", "spring.security"),
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
