package dev.netservices.web.http;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import dev.netservices.common.net.QuietClose;

/**
 * What follows a response head: nothing, bytes in memory, or a region of a file the handler has already
 * opened. The connection only moves these bytes; whatever could fail about finding or opening a file has
 * been decided by the handler before.
 */
public sealed interface Body {

    long length();

    /** Lets go of what the body holds (an open file) once it is written, or will never be. */
    default void release() {
    }

    record Empty() implements Body {
        @Override
        public long length() {
            return 0;
        }
    }

    /** @param content read-only; each response gets its own duplicate, so cached bytes can be shared */
    record Bytes(ByteBuffer content) implements Body {
        @Override
        public long length() {
            return content.remaining();
        }
    }

    /**
     * {@code length} bytes of an open {@code file} from {@code position}, sent with FileChannel.transferTo.
     *
     * @param closed told when the file is closed (the handler counts the files it holds open); at most once
     */
    record FileRegion(FileChannel file, long position, long length, Runnable closed) implements Body {

        public FileRegion(FileChannel file, long position, long length) {
            this(file, position, length, () -> { });
        }

        @Override
        public void release() {
            QuietClose.close(file);
            closed.run();
        }
    }

    Body EMPTY = new Empty();
}
