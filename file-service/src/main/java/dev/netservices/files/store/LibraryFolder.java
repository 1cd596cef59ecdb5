package dev.netservices.files.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Set;

import dev.netservices.common.net.QuietClose;

/**
 * Opens files of the library by their entry name, relative to the library folder held open, and
 * without following a link: {@code openat(folder, name, O_NOFOLLOW)}. A name checked a moment ago and
 * swapped for a link since (to {@code /etc/passwd}, say) then fails to open instead of opening
 * something else. Where the platform has no {@link SecureDirectoryStream}, the same open is done by
 * path with {@link LinkOption#NOFOLLOW_LINKS}; the library folder itself is a real path.
 */
final class LibraryFolder implements Closeable {

    private final Path folder;
    private final SecureDirectoryStream<Path> open;

    LibraryFolder(Path folder) throws IOException {
        this.folder = folder;
        DirectoryStream<Path> stream = Files.newDirectoryStream(folder);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            this.open = secure;
        } else {
            stream.close();
            this.open = null;
        }
    }

    /** The regular file {@code entry} directly in the folder, for reading; fails when {@code entry} is now a link. */
    FileChannel openForRead(String entry) throws IOException {
        if (open == null) {
            return FileChannel.open(folder.resolve(entry), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
        SeekableByteChannel channel = open.newByteChannel(Path.of(entry), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        if (channel instanceof FileChannel file) {
            return file;
        }
        channel.close();
        return FileChannel.open(folder.resolve(entry), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void close() {
        QuietClose.close(open);
    }
}
