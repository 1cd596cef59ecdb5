package dev.netservices.files.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of whole files for {@code STAT}. Hashing a large file takes seconds, so each digest is
 * remembered per name together with the identity of the file it belongs to (file key, i.e. device and
 * inode, size and modification time) and reused only while the file under that name is still that
 * file. An upload records the digest it computed with the attributes of its own temporary file, read
 * before it took the name, so a concurrent upload of the same name can never pair its file with
 * another upload's digest.
 */
final class DigestCache {

    private static final int DIGEST_BUFFER = 1 << 20;

    private record Identity(Object fileKey, long size, FileTime modified) {
        static Identity of(BasicFileAttributes attributes) {
            return new Identity(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
        }
    }

    private record Entry(Identity identity, String sha256) {
    }

    private final Map<String, Entry> digests = new ConcurrentHashMap<>();

    /** The cached digest of {@code name} if the file now under it (its {@code attributes}) is the one hashed. */
    String cached(String name, BasicFileAttributes attributes) {
        Entry entry = digests.get(name);
        return entry != null && entry.identity().equals(Identity.of(attributes)) ? entry.sha256() : null;
    }

    /**
     * Hashes an open file. {@code before} and {@code after} are the attributes read around the open and
     * the hashing: only when they agree is the digest known to be that file's and remembered.
     */
    FileDigest hash(String name, FileChannel channel, BasicFileAttributes before, AttributesReader after) throws IOException {
        long size = 0;
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(DIGEST_BUFFER);
        int n;
        while ((n = channel.read(buffer)) != -1) {
            size += n;
            digest.update(buffer.flip());
            buffer.clear();
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        BasicFileAttributes now = after.read();
        if (now != null && size == before.size() && Objects.equals(Identity.of(before), Identity.of(now))) {
            digests.put(name, new Entry(Identity.of(before), sha256));
        }
        return new FileDigest(name, size, sha256);
    }

    /** Records the digest an upload computed, with the attributes of the file that carries it. */
    void remember(String name, BasicFileAttributes attributes, String sha256) {
        digests.put(name, new Entry(Identity.of(attributes), sha256));
    }

    void forget(String name) {
        digests.remove(name);
    }

    /** Moves a remembered digest with its file. */
    void renamed(String from, String to) {
        Entry entry = digests.remove(from);
        if (entry != null) {
            digests.put(to, entry);
        } else {
            digests.remove(to);
        }
    }

    /** Feeds the first {@code count} bytes of {@code channel} into {@code digest} (a resumed upload's bytes held). */
    static void feed(FileChannel channel, long count, MessageDigest digest) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(DIGEST_BUFFER, Math.max(1, count)));
        long position = 0;
        while (position < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("the partial upload is shorter than it was");
            }
            position += n;
            digest.update(buffer.flip());
        }
    }

    /** Reads a file's attributes again; null when it is gone. */
    interface AttributesReader {
        BasicFileAttributes read();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
