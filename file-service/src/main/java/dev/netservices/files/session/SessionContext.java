package dev.netservices.files.session;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.store.FileStore;

/**
 * What every session of a server shares: the library, the listener told of sessions and transfers, the limits, the login
 * rules, the clock, and the one count and log of connections refused for the PROXY protocol.
 */
public record SessionContext(FileStore store, SessionListener listener, FileLimits limits, LoginRules rules, ServiceClock clock,
                             ProxyRefusals proxyRefusals) {

    public SessionContext(FileStore store, SessionListener listener, FileLimits limits, LoginRules rules, ServiceClock clock) {
        this(store, listener, limits, rules, clock, new ProxyRefusals(listener, clock));
    }
}
