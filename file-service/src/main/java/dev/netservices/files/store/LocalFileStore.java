package dev.netservices.files.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.DirectoryStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.files.store.StoreException.Reason;

/**
 * The library as a flat local folder: {@link LibraryNames} says which names reach which files,
 * {@link LibraryFolder} opens them without following a swapped-in link, {@link LibraryIndex} keeps the
 * listing, {@link NameClaims} gives files their names one at a time (no two spellings of one name), {@link QuotaLedger} admits uploads, {@link DigestCache} remembers hashes, {@link LocalUpload}
 * carries one upload from admission to its forced place.
 *
 * <p>Uploads go to {@code .upload-<random>.tmp} beside their target: hidden, so never listed nor
 * reachable by name. Temporary files left by a crash are deleted at start.
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

    /** The root folder is created when missing; names are checked against the JVM's file-name encoding. */
    public LocalFileStore(Path root, StoreLimits limits, boolean overwrite, DiskSync sync) {
        this(root, limits, overwrite, sync, FileNameEncoding.charset());
    }

    LocalFileStore(Path root, StoreLimits limits, boolean overwrite, DiskSync sync, Charset fileNameEncoding) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the files root " + root, e);
        }
        this.names = new LibraryNames(new ConfinedRoot(root), fileNameEncoding);
        this.limits = limits;
        this.overwrite = overwrite;
        this.sync = sync;
        deleteLeftoverTemporaryFiles();
        try {
            this.folder = new LibraryFolder(names.folder());
            this.index = new LibraryIndex(names);
            index.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the files root " + root, e);
        }
        this.ledger = new QuotaLedger(limits.quota(), limits.minFreeSpace(), index, this::usableSpace);
        this.claims = new NameClaims(index, overwrite);
    }

    @Override
    public List<StoredFile> list() {
        return index.files();
    }

    @Override
    public FileDigest stat(String name) throws StoreException {
        String nfc = names.normalized(name);
        Path file = names.folder().resolve(names.entryOf(nfc));
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
            String entry = names.entryOf(name);
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
        Path target = names.resolve(nfc);
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
        ledger.reserve(size);
        Path temp = names.folder().resolve(TEMP_PREFIX + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            LocalUpload upload = new LocalUpload(nfc, size, target, temp, channel, overwrite, ledger, index, digests, sync, claims);
            claims.began(upload);
            return upload;
        } catch (IOException e) {
            ledger.release(size);
            throw DiskFailure.of("creating " + nfc, e, names.folder(), size);
        }
    }

    @Override
    public void delete(String name) throws StoreException {
        String nfc = names.normalized(name);
        Path file = names.resolve(nfc);
        if (!Files.isRegularFile(file)) {
            throw LibraryNames.notFound(nfc);
        }
        try {
            Files.delete(file);
            digests.forget(nfc);
            index.remove(nfc);
            sync.forceFolder(names.folder());
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
        if (!Files.isRegularFile(sourcePath)) {
            throw LibraryNames.notFound(source);
        }
        if (source.equals(target)) {
            return;
        }
        if (Files.isDirectory(targetPath)) {
            throw new StoreException(Reason.EXISTS, target + " is a folder");
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
                index.refresh(target);
            });
            digests.renamed(source, target);
            sync.forceFolder(names.folder());
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(Reason.EXISTS, target + " already exists and overwriting is off");
        } catch (NoSuchFileException e) {
            throw LibraryNames.notFound(source);
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

    private void deleteLeftoverTemporaryFiles() {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(names.folder(), TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
                log.info("deleted {} left by an interrupted upload", temp.getFileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not clean temporary files in " + names.folder(), e);
        }
    }
}
