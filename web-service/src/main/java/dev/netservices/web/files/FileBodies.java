package dev.netservices.web.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.web.http.Body;

/**
 * Response bodies of files under the root: bytes from the {@link FileCache}, or the file opened here and
 * handed over open (the connection only sends what it is given). Every open goes through
 * {@link #openConfined}, so the file sent is the file that was checked.
 */
final class FileBodies {

    private final ConfinedRoot root;
    private final FileCache cache;
    private final OpenFiles openFiles;

    FileBodies(ConfinedRoot root, FileCache cache, OpenFiles openFiles) {
        this.root = root;
        this.cache = cache;
        this.openFiles = openFiles;
    }

    /**
     * The bytes from the cache, or the file opened here: the connection only sends what it is given.
     *
     * @throws OpenFiles.Exhausted when the file is not cached and the server holds its limit of open files
     */
    Body body(Path file, BasicFileAttributes attributes, long first, long length) throws IOException {
        ByteBuffer bytes = cache.get(file, attributes);
        if (bytes == null) {
            FileChannel channel = openConfined(file);
            bytes = cache.admit(file, attributes, channel);
            if (bytes == null) {
                return new Body.FileRegion(channel, first, length, held(channel));
            }
            channel.close();
        }
        bytes.position((int) first).limit((int) (first + length));
        return new Body.Bytes(bytes.slice());
    }

    /**
     * The file's place among those held open, taken only now that it will be held: a file read into the cache is
     * open for a moment on one event loop, never more than one per loop at a time.
     */
    private Runnable held(FileChannel channel) throws OpenFiles.Exhausted {
        try {
            return openFiles.take();
        } catch (OpenFiles.Exhausted e) {
            QuietClose.close(channel);
            throw e;
        }
    }

    /** {@code length} bytes from {@code first}, from the cache or read from the file (opened and closed here). */
    ByteBuffer readRange(Path file, BasicFileAttributes attributes, long first, long length) throws IOException {
        Body body = body(file, attributes, first, length);
        try {
            if (body instanceof Body.Bytes bytes) {
                return bytes.content();
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) length);
            FileChannel channel = ((Body.FileRegion) body).file();
            while (buffer.hasRemaining() && channel.read(buffer, first + buffer.position()) >= 0) {
                // read the whole range
            }
            if (buffer.hasRemaining()) {
                throw new IOException("the file shrank while its ranges were read");
            }
            return buffer.flip();
        } finally {
            body.release();
        }
    }

    /**
     * Opens the file that was checked, never another one swapped in since: its real path (no symlink in
     * any part at this moment) is opened without following a symlink in its last name, and once open it
     * must still be its own real path. A name replaced by a symlink to outside the root between the check
     * and the open therefore fails to open (a 404) instead of serving the outside file.
     */
    private FileChannel openConfined(Path file) throws IOException {
        Path real = file.toRealPath();
        if (!real.startsWith(root.root())) {
            throw new NoSuchFileException(file.toString());
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw e;
        } catch (IOException e) {
            if (swappedForSymlink(e, real)) {
                throw new NoSuchFileException(file.toString());
            }
            // Anything else (EMFILE: the process is out of file descriptors) is no reason to call the file missing:
            // a 404 would tell the client, and any cache before it, that a file which exists is gone.
            throw e;
        }
        if (!real.equals(real.toRealPath())) {
            channel.close();
            throw new NoSuchFileException(file.toString());
        }
        return channel;
    }

    /**
     * ELOOP ("Too many levels of symbolic links"): the last name became a symlink since the check. The name may be a
     * plain file again by the time it is looked at (SymlinkSwapRaceTest swaps it thousands of times a second), so the
     * open's own reason counts too: the JDK words ELOOP as the system's text plus "or unable to access attributes of
     * symbolic link", whatever the system's language.
     */
    private static boolean swappedForSymlink(IOException failure, Path real) {
        return failure instanceof FileSystemException refused && refused.getReason() != null
                && refused.getReason().contains("symbolic link") || Files.isSymbolicLink(real);
    }
}
