package dev.netservices.files.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.DirectoryStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.store.StoreException.Reason;

/**
 * The library as a local folder tree: {@link LibraryNames} says which paths reach which files,
 * {@link LibraryFolder} opens them without following a swapped-in link, {@link LibraryIndex} keeps the
 * listing, {@link NameClaims} gives files their names one at a time (no two spellings of one name), {@link QuotaLedger} admits uploads, {@link DigestCache} remembers hashes, {@link LocalUpload}
 * carries one upload from admission to its forced place.
 *
 * <p>Uploads go to {@code .upload-<random>.tmp} beside their target, in its folder: hidden, so never listed nor
 * reachable by name. Temporary files left by a crash are deleted at start, in every folder. Folders are made
 * ({@link #makeFolder}) and removed when empty ({@link #removeFolder}) by the client, never implicitly.
 */
public final class LocalFileStore implements FileStore, Closeable {

    private static final Logger log = LoggerFactory.getLogger(LocalFileStore.class);

    static final String TEMP_PREFIX = ".upload-";
    static final String TEMP_SUFFIX = ".tmp";
    private static final int MAX_OPEN_ATTEMPTS = 3;

    private final LibraryNames names;
    private final LibraryFolder folder;
    private final LibraryIndex index;
    private final StoreLimits limits;
    private final boolean overwrite;
    private final DiskSync sync;
    private final QuotaLedger ledger;
    private final NameClaims claims;
    private final DigestCache digests = new DigestCache();
    private final ServiceClock clock;
    private final ScheduledExecutorService sweeper;

    /** The root folder is created when missing; names are checked against the JVM's file-name encoding. */
    public LocalFileStore(Path root, StoreLimits limits, boolean overwrite, DiskSync sync) {
        this(root, limits, overwrite, sync, ServiceClock.SYSTEM);
    }

    /** @param clock what partial uploads' ages are measured by */
    public LocalFileStore(Path root, StoreLimits limits, boolean overwrite, DiskSync sync, ServiceClock clock) {
        this(root, limits, overwrite, sync, FileNameEncoding.charset(), clock);
    }

    LocalFileStore(Path root, StoreLimits limits, boolean overwrite, DiskSync sync, Charset fileNameEncoding) {
        this(root, limits, overwrite, sync, fileNameEncoding, ServiceClock.SYSTEM);
    }

    private LocalFileStore(Path root, StoreLimits limits, boolean overwrite, DiskSync sync, Charset fileNameEncoding, ServiceClock clock) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the files root " + root, e);
        }
        this.names = new LibraryNames(new ConfinedRoot(root), fileNameEncoding, limits.maxPathDepth(), limits.maxPathBytes());
        this.limits = limits;
        this.overwrite = overwrite;
        this.sync = sync;
        this.clock = clock;
        long partials = deleteLeftoverTemporaryFiles(names.folder(), 0);
        try {
            this.folder = new LibraryFolder(names.folder());
            this.index = new LibraryIndex(names);
            index.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the files root " + root, e);
        }
        this.ledger = new QuotaLedger(limits.quota(), limits.minFreeSpace(), index, this::usableSpace);
        this.claims = new NameClaims(index, overwrite);
        ledger.keptPartial(0, partials);
        Duration every = limits.partialRetention().dividedBy(4);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("files-partials").factory());
        sweeper.scheduleWithFixedDelay(this::expirePartials, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public List<StoredFile> list(String folder) throws StoreException {
        String nfc = folder.isEmpty() ? "" : names.normalized(folder);
        if (!nfc.isEmpty()) {
            names.resolve(nfc);
        }
        List<StoredFile> entries = index.entries(nfc);
        if (entries == null) {
            throw LibraryNames.noSuchFolder(nfc);
        }
        return entries;
    }

    @Override
    public boolean isFolder(String path) throws StoreException {
        if (path.isEmpty()) {
            return true;
        }
        String nfc = names.normalized(path);
        names.resolve(nfc);
        return index.isFolder(nfc);
    }

    @Override
    public void makeFolder(String path) throws StoreException {
        String nfc = names.normalized(path);
        Path folderPath = names.parentFolder(nfc);
        Path target = names.resolve(nfc);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(Reason.EXISTS, nfc + " already exists");
        }
        try {
            claims.place(nfc, null, null, () -> {
                Files.createDirectory(target);
                index.put(nfc, StoredFile.FOLDER);
            });
            sync.forceFolder(folderPath);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(Reason.EXISTS, nfc + " already exists");
        } catch (NoSuchFileException e) {
            throw LibraryNames.noSuchFolder(LibraryNames.parentOf(nfc));
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "making folder " + nfc + " failed on the server", e);
        }
    }

    @Override
    public void removeFolder(String path) throws StoreException {
        String nfc = names.normalized(path);
        Path target = names.resolve(nfc);
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw LibraryNames.noSuchFolder(nfc);
        }
        try {
            Files.delete(target);
            index.remove(nfc);
            sync.forceFolder(target.getParent());
        } catch (DirectoryNotEmptyException e) {
            List<StoredFile> entries = index.entries(nfc);
            int count = entries == null ? 0 : entries.size();
            throw new StoreException(Reason.EXISTS, count == 0 ? nfc + " is not empty (it holds hidden or unlisted entries)"
                    : "%s is not empty (%d %s)".formatted(nfc, count, count == 1 ? "entry" : "entries"));
        } catch (NoSuchFileException e) {
            throw LibraryNames.noSuchFolder(nfc);
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "removing folder " + nfc + " failed on the server", e);
        }
    }

    @Override
    public FileDigest stat(String name) throws StoreException {
        String nfc = names.normalized(name);
        Path file = names.folder().resolve(String.join("/", names.entryOf(nfc)));
        try {
            BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String cached = digests.cached(nfc, before);
            if (cached != null) {
                return new FileDigest(nfc, before.size(), cached);
            }
            try (FileChannel channel = open(nfc)) {
                return digests.hash(nfc, channel, before, () -> attributesOrNull(file));
            }
        } catch (NoSuchFileException e) {
            throw LibraryNames.notFound(nfc);
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "reading " + nfc + " failed on the server", e);
        }
    }

    @Override
    public Download openForRead(String name, long offset) throws StoreException {
        String nfc = names.normalized(name);
        FileChannel channel = open(nfc);
        try {
            long size = channel.size();
            if (offset > size) {
                channel.close();
                throw new StoreException(Reason.BAD_OFFSET, "offset %d is past the end of %s (%d bytes)".formatted(offset, nfc, size));
            }
            return new Download(channel, offset, size - offset);
        } catch (IOException e) {
            QuietClose.close(channel);
            throw new StoreException(Reason.IO, "opening " + nfc + " failed on the server", e);
        }
    }

    /**
     * Opens the file checked under {@code name}. The open does not follow links, so when a link was
     * swapped in since the check it fails (ELOOP): the name is checked and opened again, a few times,
     * and if it keeps changing under us the client is told the file is not there, never handed what
     * the link points at.
     */
    private FileChannel open(String name) throws StoreException {
        for (int attempt = 1; ; attempt++) {
            List<String> entry = names.entryOf(name);
            try {
                return folder.openForRead(entry);
            } catch (NoSuchFileException e) {
                throw LibraryNames.notFound(name);
            } catch (AccessDeniedException e) {
                throw new StoreException(Reason.IO, "opening " + name + " failed on the server", e);
            } catch (IOException e) {
                if (attempt == MAX_OPEN_ATTEMPTS) {
                    throw new StoreException(Reason.NOT_FOUND, "no such file: " + name + " (it changed while being opened)");
                }
            }
        }
    }

    @Override
    public Upload beginUpload(String name, long size) throws StoreException {
        String nfc = names.normalized(name);
        Path parent = names.parentFolder(nfc);
        Path target = names.resolve(nfc);
        admit(nfc, target, size);
        ledger.reserve(size);
        Path temp = parent.resolve(TEMP_PREFIX + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            LocalUpload upload = new LocalUpload(nfc, size, target, temp, channel, overwrite, ledger, index, digests, sync, claims);
            claims.began(upload);
            return upload;
        } catch (IOException e) {
            ledger.release(size);
            if (e instanceof NoSuchFileException) {
                throw LibraryNames.noSuchFolder(LibraryNames.parentOf(nfc));
            }
            throw DiskFailure.of("creating " + nfc, e, parent, size);
        }
    }

    private void admit(String nfc, Path target, long size) throws StoreException {
        if (size > limits.maxFileSize()) {
            throw new StoreException(Reason.TOO_LARGE, "%d bytes is over the file size limit of %d bytes".formatted(size, limits.maxFileSize()));
        }
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(Reason.EXISTS, nfc + " already exists and overwriting is off");
        }
        if (Files.isDirectory(target)) {
            throw new StoreException(Reason.EXISTS, nfc + " is a folder");
        }
        claims.checkNoClash(nfc, null);
    }

    /**
     * Admits a resumable upload: the bytes go to {@code owner}'s partial file for the path, which keeps them when the
     * upload breaks off. {@code offset} 0 starts over; a larger one continues a partial upload of the same size that
     * holds at least that many bytes (the rest is cut), its bytes read back into the digest so that the final digest
     * covers the whole file.
     */
    @Override
    public Upload beginUpload(String name, long size, long offset, String owner) throws StoreException {
        String nfc = names.normalized(name);
        names.parentFolder(nfc);
        Path target = names.resolve(nfc);
        admit(nfc, target, size);
        if (offset > size) {
            throw new StoreException(Reason.BAD_OFFSET, "offset %d is past the size %d".formatted(offset, size));
        }
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

    @Override
    public PartialUpload partial(String path, String owner) throws StoreException {
        String nfc = names.normalized(path);
        Path target = names.resolve(nfc);
        try {
            PartialUploads.Partial partial = PartialUploads.find(target, owner);
            return partial == null ? null : new PartialUpload(nfc, partial.held(), partial.size());
        } catch (IOException e) {
            return null;
        }
    }

    /** Removes partial uploads untouched for longer than the retention, everywhere in the tree. */
    void expirePartials() {
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

    @Override
    public void delete(String name) throws StoreException {
        String nfc = names.normalized(name);
        Path file = names.resolve(nfc);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(Reason.EXISTS, nfc + " is a folder; RMDIR removes an empty folder");
        }
        if (!Files.isRegularFile(file)) {
            throw LibraryNames.notFound(nfc);
        }
        try {
            Files.delete(file);
            digests.forget(nfc);
            index.remove(nfc);
            sync.forceFolder(file.getParent());
        } catch (NoSuchFileException e) {
            throw LibraryNames.notFound(nfc);
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "deleting " + nfc + " failed on the server", e);
        }
    }

    /**
     * Without overwrite: a hard link under the new name (which fails if the name exists, even when it
     * appeared a microsecond ago), then the old name removed; with overwrite: one {@code rename(2)}.
     */
    @Override
    public void rename(String from, String to) throws StoreException {
        String source = names.normalized(from);
        String target = names.normalized(to);
        Path sourcePath = names.resolve(source);
        Path targetPath = names.resolve(target);
        boolean folderMove = Files.isDirectory(sourcePath, LinkOption.NOFOLLOW_LINKS);
        if (!folderMove && !Files.isRegularFile(sourcePath)) {
            throw LibraryNames.notFound(source);
        }
        if (source.equals(target)) {
            return;
        }
        names.parentFolder(target);
        if (Files.isDirectory(targetPath)) {
            throw new StoreException(Reason.EXISTS, target + " is a folder");
        }
        if (folderMove) {
            renameFolder(source, target, sourcePath, targetPath);
            return;
        }
        try {
            claims.place(target, source, null, () -> {
                if (overwrite) {
                    Files.move(sourcePath, targetPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.createLink(targetPath, sourcePath);
                    Files.delete(sourcePath);
                }
                index.remove(source);
                index.refresh(LibraryNames.parentOf(target), LibraryNames.leafOf(target));
            });
            digests.renamed(source, target);
            sync.forceFolder(targetPath.getParent());
            if (!targetPath.getParent().equals(sourcePath.getParent())) {
                sync.forceFolder(sourcePath.getParent());
            }
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(Reason.EXISTS, target + " already exists and overwriting is off");
        } catch (NoSuchFileException e) {
            throw LibraryNames.notFound(source);
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "renaming " + source + " failed on the server", e);
        }
    }

    /** A folder moves whole, in one {@code rename(2)}; never over an existing entry, nor into itself. */
    private void renameFolder(String source, String target, Path sourcePath, Path targetPath) throws StoreException {
        if ((target + "/").startsWith(source + "/")) {
            throw new StoreException(Reason.REFUSED_NAME, "refused name: a folder cannot move into itself");
        }
        try {
            claims.place(target, source, null, () -> {
                Files.move(sourcePath, targetPath, StandardCopyOption.ATOMIC_MOVE);
                index.remove(source);
                index.refresh(LibraryNames.parentOf(target), LibraryNames.leafOf(target));
            });
            sync.forceFolder(targetPath.getParent());
            sync.forceFolder(sourcePath.getParent());
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            throw new StoreException(Reason.EXISTS, target + " already exists");
        } catch (NoSuchFileException e) {
            throw LibraryNames.noSuchFolder(source);
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "renaming " + source + " failed on the server", e);
        }
    }

    @Override
    public long usedBytes() {
        return ledger.usedBytes();
    }

    @Override
    public long usableSpace() {
        try {
            return Files.getFileStore(names.folder()).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public boolean isWritable() {
        return Files.isWritable(names.folder());
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        index.close();
        folder.close();
    }

    private static BasicFileAttributes attributesOrNull(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
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
                if (name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX)) {
                    Files.deleteIfExists(entry);
                    log.info("deleted {} left by an interrupted upload", names.folder().relativize(entry));
                } else if (PartialUploads.isPartial(name) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    partials += PartialUploads.keepOrExpire(entry, clock.now(), limits.partialRetention());
                } else if (!name.startsWith(".") && depth < names.maxDepth() && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    partials += deleteLeftoverTemporaryFiles(entry, depth + 1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not clean temporary files in " + folder, e);
        }
        return partials;
    }
}
