package dev.netservices.web.http;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/** What follows a response head: nothing, bytes in memory, or a region of a file sent by zero-copy. */
public sealed interface Body {

    long length();

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

    /** {@code length} bytes of {@code file} from {@code position}, sent with FileChannel.transferTo. */
    record FileRegion(Path file, long position, long length) implements Body {
    }

    Body EMPTY = new Empty();
}
