package dev.netservices.files.store;

/** A file of the library as clients see it: its name and size in bytes. */
public record StoredFile(String name, long size) {
}
