package dev.netservices.files.store;

/**
 * What the store admits, built by {@code FileProperties.storeLimits()} (where each default is written). The
 * store owns these; the session's own limits (line length, timeouts, rates) are {@code session.FileLimits}.
 *
 * @param maxFileSize   largest upload
 * @param quota         most bytes the library may hold, uploads in flight included
 * @param minFreeSpace  free disk space uploads may not eat into
 * @param maxPathDepth  most segments a path may have ({@code a/b/c.txt} has 3)
 * @param maxPathBytes  longest path, in bytes of UTF-8
 * @param partialRetention how long the part of an interrupted resumable upload is kept for a resume
 * @param maxFiles      most files the library may hold ({@link Long#MAX_VALUE}: no limit)
 */
public record StoreLimits(long maxFileSize, long quota, long minFreeSpace, int maxPathDepth, int maxPathBytes,
        java.time.Duration partialRetention, long maxFiles) {

    public StoreLimits(long maxFileSize, long quota, long minFreeSpace, int maxPathDepth, int maxPathBytes,
            java.time.Duration partialRetention) {
        this(maxFileSize, quota, minFreeSpace, maxPathDepth, maxPathBytes, partialRetention, Long.MAX_VALUE);
    }

    /** These limits for a home of one account: its own quota and file count where it has them, never above the service's. */
    public StoreLimits forHome(long homeQuota, long homeMaxFiles) {
        return new StoreLimits(maxFileSize, homeQuota < 0 ? quota : Math.min(quota, homeQuota), minFreeSpace, maxPathDepth, maxPathBytes,
                partialRetention, homeMaxFiles < 0 ? maxFiles : homeMaxFiles);
    }
}
