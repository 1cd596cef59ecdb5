package dev.netservices.files.store;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * An open file ready to be sent from {@code position} for {@code count} bytes. The channel stays valid
 * even when an upload replaces the name meanwhile: the reader keeps the file it opened.
 */
public record Download(FileChannel channel, long position, long count) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
