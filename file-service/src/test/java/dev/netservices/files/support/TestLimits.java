package dev.netservices.files.support;

import java.time.Duration;

import dev.netservices.files.session.FileLimits;
import dev.netservices.files.store.StoreLimits;

/**
 * Limits for tests, by name: {@code TestLimits.store().quota(10_000).build()}. Each builder starts from roomy
 * values a test tightens, never from a row of positional numbers.
 */
public final class TestLimits {

    private TestLimits() {
    }

    public static Session session() {
        return new Session();
    }

    public static Store store() {
        return new Store();
    }

    /** A session's limits ({@link FileLimits}). */
    public static final class Session {
        private int maxSessions = 64;
        private int maxSessionsPerAddress = 64;
        private int maxLineBytes = 1024;
        private Duration firstCommandTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private long minTransferRate = 0;
        private Duration rateWindow = Duration.ofSeconds(5);
        private long maxDiscardBytes = 16L << 20;
        private int maxPipelinedUploads = 8;

        public Session maxSessions(int value) {
            maxSessions = value;
            return this;
        }

        public Session maxSessionsPerAddress(int value) {
            maxSessionsPerAddress = value;
            return this;
        }

        public Session firstCommandTimeout(Duration value) {
            firstCommandTimeout = value;
            return this;
        }

        public Session maxLineBytes(int value) {
            maxLineBytes = value;
            return this;
        }

        public Session idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Session minTransferRate(long bytesPerSecond, Duration window) {
            minTransferRate = bytesPerSecond;
            rateWindow = window;
            return this;
        }

        public Session maxDiscardBytes(long value) {
            maxDiscardBytes = value;
            return this;
        }

        public Session maxPipelinedUploads(int value) {
            maxPipelinedUploads = value;
            return this;
        }

        public FileLimits build() {
            return new FileLimits(maxSessions, maxSessionsPerAddress, maxLineBytes, firstCommandTimeout, idleTimeout, minTransferRate, rateWindow,
                    maxDiscardBytes, maxPipelinedUploads);
        }
    }

    /** What the store admits ({@link StoreLimits}). */
    public static final class Store {
        private long maxFileSize = 64L << 20;
        private long quota = 1L << 30;
        private long minFreeSpace = 0;
        private int maxPathDepth = 16;
        private int maxPathBytes = 1024;
        private java.time.Duration partialRetention = java.time.Duration.ofHours(24);

        public Store partialRetention(java.time.Duration value) {
            partialRetention = value;
            return this;
        }

        public Store maxPathDepth(int value) {
            maxPathDepth = value;
            return this;
        }

        public Store maxPathBytes(int value) {
            maxPathBytes = value;
            return this;
        }

        public Store maxFileSize(long value) {
            maxFileSize = value;
            return this;
        }

        public Store quota(long value) {
            quota = value;
            return this;
        }

        public Store minFreeSpace(long value) {
            minFreeSpace = value;
            return this;
        }

        public StoreLimits build() {
            return new StoreLimits(maxFileSize, quota, minFreeSpace, maxPathDepth, maxPathBytes, partialRetention);
        }
    }
}
