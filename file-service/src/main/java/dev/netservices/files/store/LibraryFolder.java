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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.netservices.common.net.QuietClose;

/**
 * Opens files of the library by their entry segments, each relative to the folder opened before it (the
 * library folder held open first), and without following a link: {@code openat(folder, segment, O_NOFOLLOW)}
 * for every folder on the way and for the file. A path checked a moment ago whose file or any folder on it
 * was swapped for a link since (to {@code /etc}, say) then fails to open instead of opening something else. Where the platform has no {@link SecureDirectoryStream}, the same open is done by
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

    /** The regular file at {@code segments}, for reading; fails when any segment is now a link. */
    FileChannel openForRead(List<String> segments) throws IOException {
        if (open == null) {
            return FileChannel.open(byPath(segments), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
        List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
        try {
            SecureDirectoryStream<Path> parent = open;
            for (String segment : segments.subList(0, segments.size() - 1)) {
                parent = parent.newDirectoryStream(Path.of(segment), LinkOption.NOFOLLOW_LINKS);
                opened.add(parent);
            }
            SeekableByteChannel channel = parent.newByteChannel(Path.of(segments.getLast()),
                    Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            if (channel instanceof FileChannel file) {
                return file;
            }
            channel.close();
            return FileChannel.open(byPath(segments), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } finally {
            opened.forEach(QuietClose::close);
        }
    }

    private Path byPath(List<String> segments) {
        Path path = folder;
        for (String segment : segments) {
            path = path.resolve(segment);
        }
        return path;
    }

    @Override
    public void close() {
        QuietClose.close(open);
    }
}
