package dev.netservices.files.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

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
    private final TreeChanges changes;
    private final ResumableUploads resumable;
    private final ScheduledExecutorService sweeper;
    private volatile java.nio.file.FileStore fileStore;

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
        try {
            this.folder = new LibraryFolder(names.folder());
            this.index = new LibraryIndex(names);
            index.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the files root " + root, e);
        }
        this.ledger = new QuotaLedger(limits.quota(), limits.minFreeSpace(), index, this::usableSpace);
        this.claims = new NameClaims(index, overwrite);
        this.changes = new TreeChanges(names, index, claims, digests, sync, overwrite, limits.partialRetention());
        this.resumable = new ResumableUploads(names, limits, overwrite, sync, ledger, index, digests, claims, clock);
        // temporary files of uploads cut short by a crash go; partial uploads stay, counted, unless too old
        ledger.keptPartial(0, resumable.cleanAtStart());
        ledger.limitFiles(limits.maxFiles());
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
        changes.makeFolder(path);
    }

    @Override
    public void removeFolder(String path) throws StoreException {
        changes.removeFolder(path);
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
        Path target = names.resolveInFolder(nfc);
        Path parent = target.getParent();
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
        // a folder first, as the object store does: "already exists" would not say why a file cannot go there
        if (Files.isDirectory(target)) {
            throw new StoreException(Reason.EXISTS, nfc + " is a folder");
        }
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(Reason.EXISTS, nfc + " already exists and overwriting is off");
        }
        claims.checkNoClash(nfc, null);
    }

    @Override
    public Upload beginUpload(String name, long size, long offset, String owner) throws StoreException {
        String nfc = names.normalized(name);
        Path target = names.resolveInFolder(nfc);
        admit(nfc, target, size);
        return resumable.begin(nfc, target, size, offset, owner);
    }

    @Override
    public PartialUpload partial(String path, String owner) throws StoreException {
        String nfc = names.normalized(path);
        return resumable.partial(nfc, names.resolve(nfc), owner);
    }

    /** Removes partial uploads untouched for longer than the retention, everywhere in the tree. */
    void expirePartials() {
        resumable.expire();
    }

    @Override
    public void delete(String name) throws StoreException {
        changes.delete(name);
    }

    @Override
    public void rename(String from, String to) throws StoreException {
        changes.rename(from, to);
    }

    @Override
    public long usedBytes() {
        return ledger.usedBytes();
    }

    @Override
    public Usage usage() {
        return new Usage(ledger.usedBytes(), ledger.quota(), index.fileCount(), ledger.maxFiles());
    }

    /** Asked before every upload: the file store is found once (finding it reads the whole mount table), its space each time. */
    @Override
    public long usableSpace() {
        try {
            java.nio.file.FileStore found = fileStore;
            if (found == null) {
                fileStore = found = Files.getFileStore(names.folder());
            }
            return found.getUsableSpace();
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

}
