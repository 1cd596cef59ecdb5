package dev.netservices.files.session;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.observability.FileMetrics;
import dev.netservices.files.store.FileStore;

/** What every session of a server shares: the library, the meters, the limits, the login rules and the clock. */
public record SessionContext(FileStore store, FileMetrics metrics, FileLimits limits, LoginRules rules, ServiceClock clock) {
}
