package dev.netservices.files.store;

/** A file's size and SHA-256 (lower-case hex) at one moment. */
public record FileDigest(String name, long size, String sha256) {
}
