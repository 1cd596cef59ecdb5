package dev.netservices.files.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the part of an interrupted resumable upload waits for its resume: a hidden file beside the target,
 * {@code .partial-<key>-<size>.part}, whose key is a hash of the owner (the account, or {@code anonymous}) and the
 * target's name, so two users uploading one path never resume each other's bytes, and whose name carries the whole
 * file's announced size, so a resume for another size starts over. Hidden, so never listed nor reachable by name;
 * kept across restarts (crash clean-up leaves it), removed once older than the retention.
 */
final class PartialUploads {

    private static final Logger log = LoggerFactory.getLogger(PartialUploads.class);

    static final String PREFIX = ".partial-";
    static final String SUFFIX = ".part";

    /** A partial upload found on the disk. */
    record Partial(Path file, long size, long held) {
    }

    private PartialUploads() {
    }

    /** The partial file for {@code owner}'s upload of {@code size} bytes to {@code target}. */
    static Path fileFor(Path target, String owner, long size) {
        return target.resolveSibling(PREFIX + key(owner, target.getFileName().toString()) + "-" + size + SUFFIX);
    }

    /** What {@code owner}'s partial files for {@code target} are named before {@code -<size>.part}. */
    static Path prefixFor(Path target, String owner) {
        return target.resolveSibling(PREFIX + key(owner, target.getFileName().toString()));
    }

    /** {@code owner}'s partial upload of {@code target}, whatever its size; null when there is none. */
    static Partial find(Path target, String owner) throws IOException {
        String prefix = PREFIX + key(owner, target.getFileName().toString()) + "-";
        Path folder = target.getParent();
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (DirectoryStream<Path> found = Files.newDirectoryStream(folder, prefix + "*" + SUFFIX)) {
            for (Path file : found) {
                String name = file.getFileName().toString();
                String size = name.substring(prefix.length(), name.length() - SUFFIX.length());
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !size.isEmpty() && size.chars().allMatch(Character::isDigit)) {
                    return new Partial(file, Long.parseLong(size), Files.size(file));
                }
            }
        }
        return null;
    }

    static boolean isPartial(String entryName) {
        return entryName.startsWith(PREFIX) && entryName.endsWith(SUFFIX);
    }

    /**
     * A partial file found while walking the tree: removed when older than {@code retention} at {@code now},
     * else answered with its size so the quota can count it.
     */
    static long keepOrExpire(Path file, Instant now, Duration retention) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.lastModifiedTime().toInstant().plus(retention).isBefore(now)) {
            Files.deleteIfExists(file);
            log.info("deleted the partial upload {}, untouched for over {}", file.getFileName(), retention);
            return 0;
        }
        return attributes.size();
    }

    private static String key(String owner, String leaf) {
        MessageDigest digest = DigestCache.sha256();
        digest.update(owner.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(leaf.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }
}
