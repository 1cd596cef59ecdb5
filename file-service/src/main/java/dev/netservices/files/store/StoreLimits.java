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
 */
public record StoreLimits(long maxFileSize, long quota, long minFreeSpace, int maxPathDepth, int maxPathBytes,
        java.time.Duration partialRetention) {
}
