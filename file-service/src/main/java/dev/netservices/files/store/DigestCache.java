package dev.netservices.files.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of whole files for {@code STAT}. Hashing a large file takes seconds, so each digest is
 * remembered per name with the size and modification time it was taken at, and reused while both match.
 */
final class DigestCache {

    private static final int DIGEST_BUFFER = 1 << 20;

    private record Entry(long size, FileTime modified, String sha256) {
    }

    private final Map<String, Entry> digests = new ConcurrentHashMap<>();

    /** The digest of {@code file}, whose attributes the caller has just read. */
    FileDigest digest(String name, Path file, BasicFileAttributes attributes) throws IOException {
        Entry cached = digests.get(name);
        if (cached != null && cached.size() == attributes.size() && cached.modified().equals(attributes.lastModifiedTime())) {
            return new FileDigest(name, cached.size(), cached.sha256());
        }
        long size = 0;
        MessageDigest digest = sha256();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(DIGEST_BUFFER);
            int n;
            while ((n = channel.read(buffer)) != -1) {
                size += n;
                digest.update(buffer.flip());
                buffer.clear();
            }
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        if (size == attributes.size()) {
            digests.put(name, new Entry(size, attributes.lastModifiedTime(), sha256));
        }
        return new FileDigest(name, size, sha256);
    }

    /** Records the digest an upload computed as its bytes went by, with the attributes of the file it became. */
    void remember(String name, BasicFileAttributes attributes, String sha256) {
        digests.put(name, new Entry(attributes.size(), attributes.lastModifiedTime(), sha256));
    }

    void forget(String name) {
        digests.remove(name);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
