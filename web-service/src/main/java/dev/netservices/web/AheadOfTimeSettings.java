package dev.netservices.web;

import dev.netservices.common.startup.AheadOfTimeRecord;
import dev.netservices.common.startup.FixedSettings;
import java.util.List;
import java.util.Map;

/**
 * The settings this service's conditions read, which Spring AOT fixes at build time: web.tls.bundle=web would start without its TLS port if the start did not
 * compare them ({@link dev.netservices.common.startup.AheadOfTimeStart}).
 */
final class AheadOfTimeSettings {

    static final FixedSettings FIXED = FixedSettings.of(
            List.of("web.tls.bundle", "web.access-log.enabled", "web.access-log.file", "spring.security"),
            Map.of("web.accesslog.enabled", "true"));

    private AheadOfTimeSettings() {
    }

    /** Writes the build's values into the jar (META-INF/spring/aot.factories). */
    static final class Record extends AheadOfTimeRecord {

        Record() {
            super(FIXED);
        }
    }
}
