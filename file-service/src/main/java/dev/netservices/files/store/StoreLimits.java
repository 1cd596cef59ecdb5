package dev.netservices.files.store;

/**
 * What the store admits, built by {@code FileProperties.storeLimits()} (where each default is written). The
 * store owns these; the session's own limits (line length, timeouts, rates) are {@code session.FileLimits}.
 *
 * @param maxFileSize   largest upload
 * @param quota         most bytes the library may hold, uploads in flight included
 * @param minFreeSpace  free disk space uploads may not eat into
 */
public record StoreLimits(long maxFileSize, long quota, long minFreeSpace) {
}
