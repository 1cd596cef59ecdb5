package dev.netservices.files.catalog;

/** One row of the catalog: a file (with its size, digest and object) or a folder (size {@code -1}, no object). */
public record Entry(String path, boolean isFolder, long size, String sha256, String objectKey) {
}
