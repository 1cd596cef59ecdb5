package dev.netservices.files.session;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.store.FileStore;
import dev.netservices.files.defense.Defender;
import dev.netservices.files.store.Homes;

/**
 * What every session of a server shares: the library, the listener told of sessions and transfers, the limits, the login
 * rules, the clock, and the one count and log of connections refused for the PROXY protocol.
 */
public record SessionContext(FileStore store, SessionListener listener, FileLimits limits, LoginRules rules, ServiceClock clock,
                             ProxyRefusals proxyRefusals, Homes homes, TransferJournal journal, Defender defender) {

    public SessionContext(FileStore store, SessionListener listener, FileLimits limits, LoginRules rules, ServiceClock clock) {
        this(store, listener, limits, rules, clock, null);
    }

    /** @param homes the accounts' home libraries; null: every session sees {@code store} */
    public SessionContext(FileStore store, SessionListener listener, FileLimits limits, LoginRules rules, ServiceClock clock, Homes homes) {
        this(store, listener, limits, rules, clock, new ProxyRefusals(listener, clock), homes, TransferJournal.NONE, Defender.OFF);
    }

    /** The same context writing the transfer log to {@code journal}. */
    public SessionContext withJournal(TransferJournal journal) {
        return new SessionContext(store, listener, limits, rules, clock, proxyRefusals, homes, journal, defender);
    }

    /** The same context scoring addresses on {@code defender}'s ban list. */
    public SessionContext withDefender(Defender defender) {
        return new SessionContext(store, listener, limits, rules, clock, proxyRefusals, homes, journal, defender);
    }
}
