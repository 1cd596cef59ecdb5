package dev.netservices.files.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.store.StoreException.Reason;

/**
 * Resumable uploads ({@code PUT <path> <size> <offset>}) in the local tree: admitted into the owner's
 * {@link PartialUploads partial file} for the path, continued from an offset with the bytes held read back into
 * the digest; their partial files expired after the retention; and, at start, the temporary files of uploads a
 * crash cut short deleted while the partial files are counted for the quota.
 */
final class ResumableUploads {

    private static final Logger log = LoggerFactory.getLogger(ResumableUploads.class);

    private final LibraryNames names;
    private final StoreLimits limits;
    private final boolean overwrite;
    private final DiskSync sync;
    private final QuotaLedger ledger;
    private final LibraryIndex index;
    private final DigestCache digests;
    private final NameClaims claims;
    private final ServiceClock clock;

    ResumableUploads(LibraryNames names, StoreLimits limits, boolean overwrite, DiskSync sync, QuotaLedger ledger, LibraryIndex index,
            DigestCache digests, NameClaims claims, ServiceClock clock) {
        this.names = names;
        this.limits = limits;
        this.overwrite = overwrite;
        this.sync = sync;
        this.ledger = ledger;
        this.index = index;
        this.digests = digests;
        this.claims = claims;
        this.clock = clock;
    }

    /** Deletes the temporary files left by a crash and expired partial uploads; answers the bytes the others hold. */
    long cleanAtStart() {
        return deleteLeftoverTemporaryFiles(names.folder(), 0);
    }

    /**
     * Admits a resumable upload: the bytes go to {@code owner}'s partial file for the path, which keeps them when the
     * upload breaks off. {@code offset} 0 starts over; a larger one continues a partial upload of the same size that
     * holds at least that many bytes (the rest is cut), its bytes read back into the digest so that the final digest
     * covers the whole file.
     */
    Upload begin(String nfc, Path target, long size, long offset, String owner) throws StoreException {
        if (offset > size) {
            throw new StoreException(Reason.BAD_OFFSET, "offset %d is past the size %d".formatted(offset, size));
        }
        // an upload of this partial whose connection dropped unnoticed may still be in progress: it stops here first
        claims.supersede(nfc, PartialUploads.prefixFor(target, owner));
        try {
            PartialUploads.Partial partial = PartialUploads.find(target, owner);
            long held = partial == null ? 0 : partial.held();
            if (partial != null && (partial.size() != size || offset == 0)) {
                Files.deleteIfExists(partial.file());
                ledger.partialGone(held);
                held = 0;
            }
            if (offset > held) {
                throw new StoreException(Reason.BAD_OFFSET, "the server holds %d bytes of an upload of %s, not %d: resume from %d"
                        .formatted(held, nfc, offset, held));
            }
            ledger.partialGone(held);
            try {
                ledger.reserve(size);
            } catch (StoreException e) {
                ledger.keptPartial(0, held);
                throw e;
            }
            Path file = PartialUploads.fileFor(target, owner, size);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            MessageDigest digest;
            try {
                channel.truncate(offset);
                digest = digestOf(channel, offset);
            } catch (IOException e) {
                QuietClose.close(channel);
                ledger.release(size);
                throw e;
            }
            LocalUpload upload = new LocalUpload(nfc, size, target, file, channel, overwrite, ledger, index, digests, sync, claims,
                    digest, offset, true);
            claims.began(upload);
            return upload;
        } catch (NoSuchFileException e) {
            throw LibraryNames.noSuchFolder(LibraryNames.parentOf(nfc));
        } catch (IOException e) {
            throw DiskFailure.of("creating " + nfc, e, target.getParent(), size);
        }
    }

    private static MessageDigest digestOf(FileChannel channel, long offset) throws IOException {
        MessageDigest digest = DigestCache.sha256();
        DigestCache.feed(channel, offset, digest);
        channel.position(offset);
        return digest;
    }

    PartialUpload partial(String nfc, Path target, String owner) {
        try {
            PartialUploads.Partial partial = PartialUploads.find(target, owner);
            return partial == null ? null : new PartialUpload(nfc, partial.held(), partial.size());
        } catch (IOException e) {
            return null;
        }
    }

    /** Removes partial uploads untouched for longer than the retention, everywhere in the tree. */
    void expire() {
        try {
            walkPartials(names.folder(), 0, true);
        } catch (IOException | RuntimeException e) {
            log.warn("could not expire partial uploads: {}", e.toString());
        }
    }

    private long walkPartials(Path folder, int depth, boolean counted) throws IOException {
        long kept = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (PartialUploads.isPartial(name) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    long size = Files.size(entry);
                    long left = PartialUploads.keepOrExpire(entry, clock.now(), limits.partialRetention());
                    if (counted && left == 0 && size > 0) {
                        ledger.partialGone(size);
                    }
                    kept += left;
                } else if (!name.startsWith(".") && depth < names.maxDepth() && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    kept += walkPartials(entry, depth + 1, counted);
                }
            }
        }
        return kept;
    }

    /**
     * In every visible folder of the tree (links to folders are not followed): temporary files deleted, partial
     * uploads past their retention too; answers the bytes the partial uploads kept hold.
     */
    private long deleteLeftoverTemporaryFiles(Path folder, int depth) {
        long partials = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(LocalFileStore.TEMP_PREFIX) && name.endsWith(LocalFileStore.TEMP_SUFFIX)) {
                    Files.deleteIfExists(entry);
                    log.info("deleted {} left by an interrupted upload", names.folder().relativize(entry));
                } else if (PartialUploads.isPartial(name) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    partials += PartialUploads.keepOrExpire(entry, clock.now(), limits.partialRetention());
                } else if (!name.startsWith(".") && depth < names.maxDepth() && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    partials += deleteLeftoverTemporaryFiles(entry, depth + 1);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not clean temporary files in " + folder, e);
        }
        return partials;
    }
}
