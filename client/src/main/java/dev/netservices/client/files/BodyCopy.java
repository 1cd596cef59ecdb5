package dev.netservices.client.files;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/** A download's body: exactly its announced bytes from the connection, appended to a file at an offset and hashed. */
final class BodyCopy {

    private BodyCopy() {
    }

    /**
     * Appends {@code count} bytes to {@code file} (cut to {@code offset} first) through the caller's {@code buffer};
     * answers the bytes received.
     */
    static long toFile(InputStream in, long count, Path file, long offset, MessageDigest digest, Progress progress, byte[] buffer)
            throws IOException {
        long received = 0;
        // from the start: emptied as it is opened (O_TRUNC), one call fewer than a truncate after it, for every file of a mirror
        try (FileChannel channel = offset == 0
                ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
                : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (offset > 0) {
                channel.truncate(offset).position(offset);
            }
            while (received < count) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, count - received));
                if (n < 0) {
                    throw new EOFException("the connection closed after %d of %d bytes".formatted(received, count));
                }
                digest.update(buffer, 0, n);
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                received += n;
                progress.advanced(offset + received);
            }
        }
        return received;
    }
}
