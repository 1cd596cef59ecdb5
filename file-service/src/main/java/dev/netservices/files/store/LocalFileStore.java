package dev.netservices.files.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.root.RefusedNameException;
import dev.netservices.files.store.StoreException.Reason;

/**
 * The library as a flat local folder.
 *
 * <p>Uploads go to {@code .upload-<random>.tmp} beside their target: hidden, so never listed nor
 * reachable by name, and on the same file system, so the final step is a rename. Without overwrite the
 * final step is a hard link, which fails when the name exists, so two uploads racing for one name
 * cannot both win. Temporary files left by a crash are deleted at start.
 *
 * <p>The quota counts the sizes of the files present plus the sizes announced by uploads in flight,
 * so concurrent uploads cannot together overshoot it. The count is taken at start, kept by uploads,
 * and taken again on {@code LIST} when no upload is under way, so files an operator adds or removes
 * by hand are counted too.
 */
public final class LocalFileStore implements FileStore {

    private static final Logger log = LoggerFactory.getLogger(LocalFileStore.class);

    static final String TEMP_PREFIX = ".upload-";
    static final String TEMP_SUFFIX = ".tmp";
    private static final int DIGEST_BUFFER = 1 << 20;

    private final ConfinedRoot root;
    private final long maxFileSize;
    private final long quota;
    private final long minFreeSpace;
    private final boolean overwrite;
    private final Object quotaLock = new Object();
    private long usedBytes;
    private long reservedBytes;
    // Bumped by every commit, so that a recount that raced with one is not stored.
    private long commits;
    // STAT hashes whole files; remembered per name until the file's size or modification time changes.
    private final Map<String, CachedDigest> digests = new ConcurrentHashMap<>();

    private record CachedDigest(long size, FileTime modified, String sha256) {
    }

    /** Limits as in {@code FileProperties}; the root folder is created when missing. */
    public LocalFileStore(Path root, long maxFileSize, long quota, long minFreeSpace, boolean overwrite) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the files root " + root, e);
        }
        this.root = new ConfinedRoot(root);
        this.maxFileSize = maxFileSize;
        this.quota = quota;
        this.minFreeSpace = minFreeSpace;
        this.overwrite = overwrite;
        deleteLeftoverTemporaryFiles();
        this.usedBytes = sumOfSizes();
    }

    public Path root() {
        return root.root();
    }

    @Override
    public List<StoredFile> list() throws StoreException {
        long commitsBefore;
        synchronized (quotaLock) {
            commitsBefore = commits;
        }
        List<StoredFile> files = scan();
        long sum = files.stream().mapToLong(StoredFile::size).sum();
        synchronized (quotaLock) {
            if (commits == commitsBefore && reservedBytes == 0) {
                usedBytes = sum;
            }
        }
        return files;
    }

    private List<StoredFile> scan() throws StoreException {
        List<StoredFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.root())) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                try {
                    Path resolved = root.resolveName(name);
                    if (Files.isRegularFile(resolved)) {
                        files.add(new StoredFile(name, Files.size(resolved)));
                    }
                } catch (RefusedNameException | IOException e) {
                    // hidden, leading out of the root, or gone meanwhile: not part of the library
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
        Path file = existingFile(name);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            CachedDigest cached = digests.get(name);
            if (cached != null && cached.size() == attributes.size() && cached.modified().equals(attributes.lastModifiedTime())) {
                return new FileDigest(name, cached.size(), cached.sha256());
            }
            String sha256;
            long size;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                MessageDigest digest = sha256();
                ByteBuffer buffer = ByteBuffer.allocate(DIGEST_BUFFER);
                size = 0;
                int n;
                while ((n = channel.read(buffer)) != -1) {
                    size += n;
                    digest.update(buffer.flip());
                    buffer.clear();
                }
                sha256 = HexFormat.of().formatHex(digest.digest());
            }
            if (size == attributes.size()) {
                digests.put(name, new CachedDigest(size, attributes.lastModifiedTime(), sha256));
            }
            return new FileDigest(name, size, sha256);
        } catch (NoSuchFileException e) {
            throw new StoreException(Reason.NOT_FOUND, "no such file: " + name);
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "reading " + name + " failed on the server", e);
        }
    }

    @Override
    public Download openForRead(String name, long offset) throws StoreException {
        Path file = existingFile(name);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new StoreException(Reason.NOT_FOUND, "no such file: " + name);
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
            closeQuietly(channel);
            throw new StoreException(Reason.IO, "opening " + name + " failed on the server", e);
        }
    }

    @Override
    public Upload beginUpload(String name, long size) throws StoreException {
        Path target = resolve(name);
        if (size > maxFileSize) {
            throw new StoreException(Reason.TOO_LARGE, "%d bytes is over the file size limit of %d bytes".formatted(size, maxFileSize));
        }
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(Reason.EXISTS, name + " already exists and overwriting is off");
        }
        if (Files.isDirectory(target)) {
            throw new StoreException(Reason.EXISTS, name + " is a folder");
        }
        long usable = usableSpace();
        if (usable >= 0 && usable - size < minFreeSpace) {
            throw new StoreException(Reason.NO_SPACE, "not enough free disk space for %d bytes (keeping %d bytes free)".formatted(size, minFreeSpace));
        }
        synchronized (quotaLock) {
            if (usedBytes + reservedBytes + size > quota) {
                throw new StoreException(Reason.QUOTA, "%d bytes would go over the storage quota of %d bytes (%d in use)"
                        .formatted(size, quota, usedBytes + reservedBytes));
            }
            reservedBytes += size;
        }
        Path temp = root.root().resolve(TEMP_PREFIX + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new LocalUpload(name, size, target, temp, channel);
        } catch (IOException e) {
            release(size);
            throw ioFailure("creating " + name, e);
        }
    }

    @Override
    public long usedBytes() {
        synchronized (quotaLock) {
            return usedBytes;
        }
    }

    @Override
    public long usableSpace() {
        try {
            return Files.getFileStore(root.root()).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public boolean isWritable() {
        return Files.isWritable(root.root());
    }

    private Path resolve(String name) throws StoreException {
        try {
            return root.resolveName(name);
        } catch (RefusedNameException e) {
            throw new StoreException(Reason.REFUSED_NAME, "refused name: " + e.getMessage());
        }
    }

    private Path existingFile(String name) throws StoreException {
        Path file = resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new StoreException(Reason.NOT_FOUND, "no such file: " + name);
        }
        return file;
    }

    private void release(long reserved) {
        synchronized (quotaLock) {
            reservedBytes -= reserved;
        }
    }

    private void committed(long reserved, long added) {
        synchronized (quotaLock) {
            reservedBytes -= reserved;
            usedBytes += added;
            commits++;
        }
    }

    private long sumOfSizes() {
        try {
            return scan().stream().mapToLong(StoredFile::size).sum();
        } catch (StoreException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    private void deleteLeftoverTemporaryFiles() {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(root.root(), TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
                log.info("deleted {} left by an interrupted upload", temp.getFileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not clean temporary files in " + root.root(), e);
        }
    }

    private static StoreException ioFailure(String what, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left") || message.contains("Disk quota exceeded")) {
            return new StoreException(Reason.NO_SPACE, "the server's disk is full", e);
        }
        return new StoreException(Reason.IO, what + " failed on the server", e);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing left to do with it
        }
    }

    private final class LocalUpload implements Upload {

        private final String name;
        private final long size;
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final MessageDigest digest = sha256();
        private long written;
        private boolean finished;

        LocalUpload(String name, long size, Path target, Path temp, FileChannel channel) {
            this.name = name;
            this.size = size;
            this.target = target;
            this.temp = temp;
            this.channel = channel;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void write(ByteBuffer bytes) throws StoreException {
            if (written + bytes.remaining() > size) {
                throw new IllegalStateException("more bytes than announced");
            }
            digest.update(bytes.duplicate());
            try {
                while (bytes.hasRemaining()) {
                    written += channel.write(bytes);
                }
            } catch (IOException e) {
                throw ioFailure("writing " + name, e);
            }
        }

        @Override
        public FileDigest commit() throws StoreException {
            if (written != size) {
                throw new IllegalStateException("commit after %d of %d bytes".formatted(written, size));
            }
            try {
                channel.close();
                long replaced = 0;
                if (overwrite) {
                    if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                        replaced = Files.size(target);
                    }
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    placeWithoutReplacing();
                }
                finished = true;
                committed(size, size - replaced);
                String sha256 = HexFormat.of().formatHex(digest.digest());
                try {
                    BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class);
                    digests.put(name, new CachedDigest(size, attributes.lastModifiedTime(), sha256));
                } catch (IOException e) {
                    digests.remove(name);
                }
                return new FileDigest(name, size, sha256);
            } catch (FileAlreadyExistsException e) {
                throw new StoreException(Reason.EXISTS, name + " was created by another upload meanwhile");
            } catch (IOException e) {
                throw ioFailure("storing " + name, e);
            } finally {
                close();
            }
        }

        private void placeWithoutReplacing() throws IOException {
            try {
                Files.createLink(target, temp);
            } catch (UnsupportedOperationException e) {
                // no hard links on this file system: a plain move, which checks for the name first
                Files.move(temp, target);
                return;
            }
            Files.delete(temp);
        }

        @Override
        public void close() {
            if (finished) {
                return;
            }
            finished = true;
            closeQuietly(channel);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                log.warn("could not delete {}: {}", temp, e.toString());
            }
            release(size);
        }
    }
}
