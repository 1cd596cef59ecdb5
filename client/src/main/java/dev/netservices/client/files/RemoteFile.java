package dev.netservices.client.files;

/** One entry of the server's listing. */
public record RemoteFile(String name, long size) {
}
