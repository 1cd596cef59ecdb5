package dev.netservices.files.store;

/** What the server holds of an interrupted resumable upload: {@code held} of the file's {@code size} bytes. */
public record PartialUpload(String path, long held, long size) {
}
