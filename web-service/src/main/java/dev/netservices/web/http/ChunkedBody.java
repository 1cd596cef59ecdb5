package dev.netservices.web.http;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A body in the chunked transfer coding (RFC 9112 7.1), read to its end and dropped.
 *
 * <pre>
 *   SIZE --"n[;ext]" n > 0--> DATA --n bytes--> DATA_END --empty line--> SIZE
 *     |
 *     +--"0[;ext]"--> TRAILER --field line--> TRAILER --empty line--> DONE
 * </pre>
 *
 * The sum of the chunk sizes is held to the body limit (413) and the trailer lines to what is left of
 * the header-size limit (431).
 */
final class ChunkedBody implements RequestBody {

    private enum State { SIZE, DATA, DATA_END, TRAILER, DONE }

    private static final int MAX_CHUNK_LINE = 1024;
    private static final int MAX_SIZE_DIGITS = 15;

    private final HttpLimits limits;
    private final LineAssembler lines;
    private State state = State.SIZE;
    private long remaining;
    private long total;
    private int headerBytes;

    /** @param headerBytes header bytes the request's head already used; trailers count on from there */
    ChunkedBody(HttpLimits limits, LineAssembler lines, int headerBytes) {
        this.limits = limits;
        this.lines = lines;
        this.headerBytes = headerBytes;
    }

    @Override
    public Refusal discard(ByteBuffer in) {
        while (in.hasRemaining() && state != State.DONE) {
            if (state == State.DATA) {
                remaining -= RequestBody.skip(in, remaining);
                if (remaining == 0) {
                    state = State.DATA_END;
                }
                continue;
            }
            boolean trailer = state == State.TRAILER;
            switch (lines.take(in, trailer ? limits.maxHeaderBytes() - headerBytes : MAX_CHUNK_LINE)) {
                case NEED_MORE -> {
                    return null;
                }
                case BARE_CR -> {
                    return new Refusal(Status.BAD_REQUEST, "bare CR in the request");
                }
                case TOO_LONG -> {
                    return trailer ? new Refusal(Status.HEADER_FIELDS_TOO_LARGE,
                            "header fields longer than " + limits.maxHeaderBytes() + " bytes")
                            : new Refusal(Status.BAD_REQUEST, "chunk line too long");
                }
                case LINE -> {
                    Refusal refusal = line(lines.bytes(), lines.length());
                    lines.next();
                    if (refusal != null) {
                        return refusal;
                    }
                }
            }
        }
        return null;
    }

    @Override
    public boolean complete() {
        return state == State.DONE;
    }

    private Refusal line(byte[] line, int length) {
        return switch (state) {
            case SIZE -> size(line, length);
            case DATA_END -> {
                if (length != 0) {
                    yield new Refusal(Status.BAD_REQUEST, "chunk data longer than its size");
                }
                state = State.SIZE;
                yield null;
            }
            case TRAILER -> trailer(line, length);
            default -> throw new IllegalStateException(state.name());
        };
    }

    private Refusal size(byte[] line, int length) {
        int end = 0;
        long size = 0;
        int digit;
        while (end < length && (digit = Character.digit(line[end], 16)) >= 0) {
            size = size * 16 + digit;
            if (++end > MAX_SIZE_DIGITS) {
                return new Refusal(Status.BAD_REQUEST, "malformed chunk size");
            }
        }
        if (end == 0) {
            return new Refusal(Status.BAD_REQUEST, "malformed chunk size");
        }
        if (HttpSyntax.hasControlCharacter(line, end, length)) {
            return new Refusal(Status.BAD_REQUEST, "control character in a chunk extension");
        }
        if (!HttpSyntax.isChunkExtensions(line, end, length)) {
            return new Refusal(Status.BAD_REQUEST, "malformed chunk extension (want ;name or ;name=value)");
        }
        total += size;
        if (total > limits.maxBodyBytes()) {
            return new Refusal(Status.CONTENT_TOO_LARGE, "request body larger than " + limits.maxBodyBytes() + " bytes");
        }
        if (size == 0) {
            state = State.TRAILER;
        } else {
            remaining = size;
            state = State.DATA;
        }
        return null;
    }

    private Refusal trailer(byte[] line, int length) {
        if (length == 0) {
            state = State.DONE;
            return null;
        }
        headerBytes += length + 2;
        List<Header> ignored = new ArrayList<>(1);
        return FieldLine.parse(line, length, ignored);
    }
}
