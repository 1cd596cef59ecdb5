package dev.netservices.files.store;

import dev.netservices.files.store.StoreException.Reason;

/**
 * The quota's count: bytes of the files present plus bytes announced by uploads in flight, so
 * concurrent uploads cannot together overshoot it. Taken at start, kept by uploads, and taken again
 * by {@link #recount} when no upload is under way, so files an operator adds or removes by hand are
 * counted too.
 */
final class QuotaLedger {

    private final long quota;
    private long usedBytes;
    private long reservedBytes;
    // Bumped by every commit, so that a recount that raced with one is not stored.
    private long commits;

    QuotaLedger(long quota, long usedBytes) {
        this.quota = quota;
        this.usedBytes = usedBytes;
    }

    synchronized long usedBytes() {
        return usedBytes;
    }

    /** Holds {@code size} bytes for an upload, or refuses when they would go over the quota. */
    synchronized void reserve(long size) throws StoreException {
        if (usedBytes + reservedBytes + size > quota) {
            throw new StoreException(Reason.QUOTA, "%d bytes would go over the storage quota of %d bytes (%d in use)"
                    .formatted(size, quota, usedBytes + reservedBytes));
        }
        reservedBytes += size;
    }

    /** An upload ended without a file. */
    synchronized void release(long reserved) {
        reservedBytes -= reserved;
    }

    /** An upload became a file of {@code added} more bytes than before (less when it replaced a larger one). */
    synchronized void committed(long reserved, long added) {
        reservedBytes -= reserved;
        usedBytes += added;
        commits++;
    }

    /** The commit count now, to hand back to {@link #recount}. */
    synchronized long commits() {
        return commits;
    }

    /** Takes {@code sum} as the truth, unless an upload committed since {@code commitsBefore} or is under way. */
    synchronized void recount(long commitsBefore, long sum) {
        if (commits == commitsBefore && reservedBytes == 0) {
            usedBytes = sum;
        }
    }
}
