package dev.netservices.files.store;

import java.util.function.LongSupplier;

import dev.netservices.files.store.StoreException.Reason;

/**
 * Admission of uploads against the quota and the free disk space. Both count what the uploads already
 * admitted will still write ({@code reservedBytes}), so two uploads that together do not fit cannot
 * both pass and then both fail late: space is reserved when an upload is admitted, released when it
 * ends, and from then on counted by the {@link LibraryIndex} (or freed on the disk).
 */
final class QuotaLedger {

    private final long quota;
    private long maxFiles = Long.MAX_VALUE;
    private final long minFreeSpace;
    private final LibraryIndex index;
    private final LongSupplier usableSpace;
    private long reservedBytes;
    /** Bytes held by partial uploads kept for a resume: hidden, not in the index, but on the disk and the user's. */
    private long partialBytes;

    QuotaLedger(long quota, long minFreeSpace, LibraryIndex index, LongSupplier usableSpace) {
        this.quota = quota;
        this.minFreeSpace = minFreeSpace;
        this.index = index;
        this.usableSpace = usableSpace;
    }

    /** At most this many files: an upload past it is refused. */
    synchronized void limitFiles(long maxFiles) {
        this.maxFiles = maxFiles;
    }

    synchronized long maxFiles() {
        return maxFiles;
    }

    long quota() {
        return quota;
    }

    synchronized long usedBytes() {
        return index.totalBytes() + partialBytes;
    }

    /**
     * Holds {@code size} bytes for an upload, or refuses when they would eat into the free-space reserve
     * or go over the quota (a file an upload will replace still counts until it is replaced).
     */
    synchronized void reserve(long size) throws StoreException {
        long usable = usableSpace.getAsLong();
        if (usable >= 0 && usable - reservedBytes - size < minFreeSpace) {
            throw new StoreException(Reason.NO_SPACE, "not enough free disk space for %d bytes (keeping %d bytes free)"
                    .formatted(size, minFreeSpace));
        }
        if (index.fileCount() >= maxFiles) {
            throw new StoreException(Reason.QUOTA, "the library holds %d files, its limit".formatted(index.fileCount()));
        }
        long used = index.totalBytes() + reservedBytes + partialBytes;
        if (used + size > quota) {
            throw new StoreException(Reason.QUOTA, "%d bytes would go over the storage quota of %d bytes (%d in use)"
                    .formatted(size, quota, used));
        }
        reservedBytes += size;
    }

    /** An upload's reservation ends and the {@code held} bytes it received stay as a partial upload. */
    synchronized void keptPartial(long reserved, long held) {
        reservedBytes -= reserved;
        partialBytes += held;
    }

    /** A partial upload of {@code held} bytes is resumed (its upload reserves the whole size) or removed. */
    synchronized void partialGone(long held) {
        partialBytes -= held;
    }

    synchronized long partialBytes() {
        return partialBytes;
    }

    /** The upload ended, stored or not: from now on the index (or nothing) counts its bytes. */
    synchronized void release(long reserved) {
        reservedBytes -= reserved;
    }
}
