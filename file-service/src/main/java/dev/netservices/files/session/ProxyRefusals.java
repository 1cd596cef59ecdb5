package dev.netservices.files.session;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;

/**
 * Connections refused for the PROXY protocol (see {@code docs/file-protocol.md}): a header from a peer not in
 * {@code files.proxy-protocol.trusted}, or a trusted peer's connection without a valid one. Each is counted
 * ({@code files.sessions.rejected{reason="proxy_header"}}); the log gets at most one warning per
 * {@link #WARNING_INTERVAL}, with the count since the last, so a peer sending headers in a loop cannot flood it.
 */
public final class ProxyRefusals {

    private static final Logger log = LoggerFactory.getLogger(ProxyRefusals.class);
    static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

    private final SessionListener listener;
    private final ServiceClock clock;
    private long sinceWarning;
    private long lastWarningNanos;
    private boolean warnedOnce;

    public ProxyRefusals(SessionListener listener, ServiceClock clock) {
        this.listener = listener;
        this.clock = clock;
    }

    /** {@code peer}: the socket's address (the untrusted sender, or the trusted proxy). */
    public void refused(String peer, String reason) {
        listener.sessionRejected(SessionListener.Rejection.PROXY_HEADER);
        synchronized (this) {
            sinceWarning++;
            long now = clock.nanoTime();
            if (warnedOnce && now - lastWarningNanos < WARNING_INTERVAL.toNanos()) {
                return;
            }
            log.warn("{} connection(s) refused for the PROXY protocol since the last warning; the latest from {}: {}",
                    sinceWarning, peer, reason);
            warnedOnce = true;
            lastWarningNanos = now;
            sinceWarning = 0;
        }
    }
}
