package dev.netservices.files.session;

import java.time.Duration;

/**
 * Every limit of the file protocol's sessions, in one immutable value built by {@code FileProperties.limits()}
 * (where each default is written). What the store admits (file size, quota, free space) is the store's own
 * {@code store.StoreLimits}.
 *
 * @param maxSessions      sessions served at once
 * @param maxSessionsPerAddress sessions one client address may hold at once
 * @param maxLineBytes     longest command line
 * @param firstCommandTimeout longest a new connection may take to finish its TLS handshake and send a first command
 * @param idleTimeout      longest wait for the next command (and longest a reply may stay unread)
 * @param minTransferRate  bytes per second a body must at least move, measured over {@code rateWindow}; 0 turns it off
 * @param rateWindow       window of the rate measurement
 * @param maxDiscardBytes  the most bytes of a refused upload read and dropped to stay in sync; past it the connection is closed
 * @param maxPipelinedUploads uploads of one session whose bodies are in but whose {@code OK} still waits for the disk; the
 *                         session reads no further command while that many wait; 0 forces each upload before reading on
 */
public record FileLimits(int maxSessions, int maxSessionsPerAddress, int maxLineBytes, Duration firstCommandTimeout, Duration idleTimeout,
        long minTransferRate, Duration rateWindow, long maxDiscardBytes, int maxPipelinedUploads) {

    public FileLimits {
        if (maxPipelinedUploads < 0) {
            throw new IllegalArgumentException("maxPipelinedUploads must not be negative: " + maxPipelinedUploads);
        }
    }
}
