package dev.netservices.web.reactor;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;

/**
 * When one connection's current request began, and the report of its exchange once the response is out
 * (or the connection died trying): the request line and status come from the {@link OutgoingResponse}
 * itself, the body bytes from what was written, so nothing about the exchange is kept twice.
 */
final class ExchangeReporter {

    private static final Logger log = LoggerFactory.getLogger(ExchangeReporter.class);

    private final String remoteAddress;
    private final ServiceClock clock;
    private final ServerStats stats;
    private final ExchangeListener listener;
    private long startNanos;
    private Instant startTime;

    ExchangeReporter(String remoteAddress, ServiceClock clock, ServerStats stats, ExchangeListener listener) {
        this.remoteAddress = remoteAddress;
        this.clock = clock;
        this.stats = stats;
        this.listener = listener;
    }

    String address() {
        return remoteAddress;
    }

    /** A request begins now: the clock's monotonic now, which the caller reuses. */
    long requestBegins() {
        startNanos = clock.nanoTime();
        startTime = clock.now();
        return startNanos;
    }

    /** Reports the exchange; returns the clock's monotonic now, which the caller reuses. */
    long report(OutgoingResponse response, long bodyBytes) {
        long now = clock.nanoTime();
        stats.requestServed();
        try {
            listener.exchanged(new Exchange(remoteAddress, response.requestLine(), response.response().status().code(),
                    bodyBytes, now - startNanos, startTime, response.referer(), response.userAgent()));
        } catch (RuntimeException e) {
            log.warn("Exchange listener failed", e);
        }
        return now;
    }
}
