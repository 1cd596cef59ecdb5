package dev.netservices.web.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.netservices.web.http.Body;
import dev.netservices.web.http.Header;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.Status;

/**
 * A 206 with {@code multipart/byteranges} (RFC 9110 14.6): one part per range, each with its own
 * Content-Type and Content-Range. The body is put together in memory, so it is limited to
 * {@link #MAX_BYTES}; a request for more gets the whole file instead (a caller's choice the RFC allows).
 */
final class MultipartRanges {

    static final int MAX_BYTES = 1024 * 1024;

    /** Reads {@code length} bytes of the file from {@code first}. */
    @FunctionalInterface
    interface RangeReader {
        ByteBuffer read(long first, long length) throws IOException;
    }

    private MultipartRanges() {
    }

    /** True when the ranges fit in one in-memory answer. */
    static boolean fits(List<ByteRange.Satisfiable> parts) {
        long total = 0;
        for (ByteRange.Satisfiable part : parts) {
            total += part.length() + 128;
        }
        return total <= MAX_BYTES;
    }

    /** @param headers the file's headers, Content-Type first: the parts take it, the whole becomes multipart */
    static Response render(List<ByteRange.Satisfiable> parts, long size, List<Header> headers, RangeReader reader)
            throws IOException {
        String contentType = headers.getFirst().value();
        String boundary = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (ByteRange.Satisfiable part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Type: " + contentType + "\r\nContent-Range: bytes "
                    + part.first() + "-" + part.last() + "/" + size + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            ByteBuffer bytes = reader.read(part.first(), part.length());
            byte[] chunk = new byte[bytes.remaining()];
            bytes.get(chunk);
            body.writeBytes(chunk);
            body.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        List<Header> multipart = new ArrayList<>(headers.size());
        multipart.add(new Header("Content-Type", "multipart/byteranges; boundary=" + boundary));
        multipart.addAll(headers.subList(1, headers.size()));
        return new Response(Status.PARTIAL_CONTENT, multipart,
                new Body.Bytes(ByteBuffer.wrap(body.toByteArray()).asReadOnlyBuffer()));
    }
}
