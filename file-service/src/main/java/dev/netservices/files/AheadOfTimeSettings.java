package dev.netservices.files;

import dev.netservices.common.startup.AheadOfTimeRecord;
import dev.netservices.common.startup.FixedSettings;
import java.util.List;
import java.util.Map;

/**
 * The settings this service's conditions read, which Spring AOT fixes at build time: files.store=s3 would start on the local disk if the start did not
 * compare them ({@link dev.netservices.common.startup.AheadOfTimeStart}).
 */
final class AheadOfTimeSettings {

    static final FixedSettings FIXED = FixedSettings.of(
            List.of("files.store", "files.metadata", "files.accounts", "files.tls", "files.transfer-log.file"),
            Map.of("files.store", "local"));

    private AheadOfTimeSettings() {
    }

    /** Writes the build's values into the jar (META-INF/spring/aot.factories). */
    static final class Record extends AheadOfTimeRecord {

        Record() {
            super(FIXED);
        }
    }
}
