package dev.netservices.web.http;

import java.nio.ByteBuffer;

/**
 * A request body being read and thrown away (a static server has no use for one), so that the next
 * pipelined request starts where the body ends. Each form consumes as much of a read as belongs to it.
 */
sealed interface RequestBody permits RequestBody.FixedLength, ChunkedBody {

    /** Consumes body bytes of {@code in}: null while fine (see {@link #complete()}), else why the body is refused. */
    Refusal discard(ByteBuffer in);

    /** True once the last byte of the body has been consumed. */
    boolean complete();

    /** Drops up to {@code remaining} bytes of {@code in}; the one place body bytes are skipped. Returns how many. */
    static long skip(ByteBuffer in, long remaining) {
        int n = (int) Math.min(in.remaining(), remaining);
        in.position(in.position() + n);
        return n;
    }

    /** A body of {@code Content-Length} bytes. */
    final class FixedLength implements RequestBody {

        private long remaining;

        FixedLength(long length) {
            this.remaining = length;
        }

        @Override
        public Refusal discard(ByteBuffer in) {
            remaining -= skip(in, remaining);
            return null;
        }

        @Override
        public boolean complete() {
            return remaining == 0;
        }
    }
}
