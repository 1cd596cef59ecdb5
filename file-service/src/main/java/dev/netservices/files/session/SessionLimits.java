package dev.netservices.files.session;

import java.time.Duration;

/**
 * What one session may do.
 *
 * @param maxLineBytes     longest command line
 * @param idleTimeout      longest wait for the next command (and longest a reply may stay unread)
 * @param minTransferRate  bytes per second a body must at least move, measured over {@code rateWindow}; 0 turns it off
 * @param rateWindow       window of the rate measurement
 * @param maxDiscardBytes  the most bytes of a refused upload read and dropped to stay in sync; past it the connection is closed
 */
public record SessionLimits(int maxLineBytes, Duration idleTimeout, long minTransferRate, Duration rateWindow, long maxDiscardBytes) {

    public static final int DEFAULT_MAX_LINE_BYTES = 1024;
    public static final long DEFAULT_MAX_DISCARD_BYTES = 16L << 20;
}
