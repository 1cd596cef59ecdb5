package dev.netservices.files.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.files.session.FileLimits;
import dev.netservices.files.store.StoreException.Reason;

/**
 * The library as a flat local folder: {@link LibraryNames} says which names reach which files,
 * {@link QuotaLedger} counts bytes, {@link DigestCache} remembers hashes, {@link LocalUpload} carries
 * one upload from admission to its place.
 *
 * <p>Uploads go to {@code .upload-<random>.tmp} beside their target: hidden, so never listed nor
 * reachable by name. Temporary files left by a crash are deleted at start.
 */
public final class LocalFileStore implements FileStore {

    private static final Logger log = LoggerFactory.getLogger(LocalFileStore.class);

    static final String TEMP_PREFIX = ".upload-";
    static final String TEMP_SUFFIX = ".tmp";

    private final LibraryNames names;
    private final FileLimits limits;
    private final boolean overwrite;
    private final QuotaLedger ledger;
    private final DigestCache digests = new DigestCache();

    /** The root folder is created when missing. */
    public LocalFileStore(Path root, FileLimits limits, boolean overwrite) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the files root " + root, e);
        }
        this.names = new LibraryNames(new ConfinedRoot(root));
        this.limits = limits;
        this.overwrite = overwrite;
        deleteLeftoverTemporaryFiles();
        try {
            this.ledger = new QuotaLedger(limits.quota(), sumOfSizes(scan()));
        } catch (StoreException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    @Override
    public List<StoredFile> list() throws StoreException {
        long commitsBefore = ledger.commits();
        List<StoredFile> files = scan();
        ledger.recount(commitsBefore, sumOfSizes(files));
        return files;
    }

    private List<StoredFile> scan() throws StoreException {
        List<StoredFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(names.folder())) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                try {
                    if (names.isListed(name)) {
                        files.add(new StoredFile(name, Files.size(entry)));
                    }
                } catch (IOException e) {
                    // gone meanwhile: not part of the library
                }
            }
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "the library could not be read", e);
        }
        files.sort(Comparator.comparing(StoredFile::name));
        return files;
    }

    @Override
    public FileDigest stat(String name) throws StoreException {
        Path file = names.existingFile(name);
        try {
            return digests.digest(name, file, Files.readAttributes(file, BasicFileAttributes.class));
        } catch (NoSuchFileException e) {
            throw LibraryNames.notFound(name);
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "reading " + name + " failed on the server", e);
        }
    }

    @Override
    public Download openForRead(String name, long offset) throws StoreException {
        Path file = names.existingFile(name);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw LibraryNames.notFound(name);
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "opening " + name + " failed on the server", e);
        }
        try {
            long size = channel.size();
            if (offset > size) {
                channel.close();
                throw new StoreException(Reason.BAD_OFFSET, "offset %d is past the end of %s (%d bytes)".formatted(offset, name, size));
            }
            return new Download(channel, offset, size - offset);
        } catch (IOException e) {
            QuietClose.close(channel);
            throw new StoreException(Reason.IO, "opening " + name + " failed on the server", e);
        }
    }

    @Override
    public Upload beginUpload(String name, long size) throws StoreException {
        Path target = names.resolve(name);
        if (size > limits.maxFileSize()) {
            throw new StoreException(Reason.TOO_LARGE, "%d bytes is over the file size limit of %d bytes".formatted(size, limits.maxFileSize()));
        }
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(Reason.EXISTS, name + " already exists and overwriting is off");
        }
        if (Files.isDirectory(target)) {
            throw new StoreException(Reason.EXISTS, name + " is a folder");
        }
        long usable = usableSpace();
        if (usable >= 0 && usable - size < limits.minFreeSpace()) {
            throw new StoreException(Reason.NO_SPACE, "not enough free disk space for %d bytes (keeping %d bytes free)"
                    .formatted(size, limits.minFreeSpace()));
        }
        ledger.reserve(size);
        Path temp = names.folder().resolve(TEMP_PREFIX + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new LocalUpload(name, size, target, temp, channel, overwrite, ledger, digests);
        } catch (IOException e) {
            ledger.release(size);
            throw DiskFailure.of("creating " + name, e, names.folder(), size);
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

    private static long sumOfSizes(List<StoredFile> files) {
        return files.stream().mapToLong(StoredFile::size).sum();
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
