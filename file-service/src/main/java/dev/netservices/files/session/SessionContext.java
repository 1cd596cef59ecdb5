package dev.netservices.files.session;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.store.FileStore;

/** What every session of a server shares: the library, the listener told of sessions and transfers, the limits, the login rules and the clock. */
public record SessionContext(FileStore store, SessionListener listener, FileLimits limits, LoginRules rules, ServiceClock clock) {
}
