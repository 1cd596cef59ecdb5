package dev.netservices.client.files;

/** What {@code STAT} or a finished {@code PUT} says about a file on the server. */
public record RemoteDigest(long size, String sha256) {
}
