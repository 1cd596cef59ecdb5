package dev.netservices.web.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import dev.netservices.web.http.Body;
import dev.netservices.web.http.Header;
import dev.netservices.web.http.Request;

/**
 * Content codings for text files (RFC 9110 8.4): a precompressed sibling served as it is
 * ({@code style.css.br}, then {@code style.css.gz}, like nginx's {@code gzip_static}; Brotli preferred),
 * else gzip made here and kept. Only for compressible types, whole-file GETs and HEADs (never ranges),
 * files of at least {@code minBytes}, and, for gzip made here, files small enough to compress on an event
 * loop ({@code maxBytes}, the file cache's limit). Each coding has its own ETag, the identity one with a
 * suffix. The gzip forms are kept beside the plain ones, in heap memory bounded by {@code cacheBytes},
 * admitted while there is room and never evicted (the same reasoning as {@link FileCache}).
 */
public final class Compression {

    /** The representation chosen instead of the identity one. */
    record Encoded(String coding, String etag, Header etagHeader, Header contentEncoding, Body body) {
    }

    /**
     * What was last found at a file's {@code .br} or {@code .gz} name: kept so that a repeated request costs
     * one stat of the sibling and no path, string or header building; a sibling changed on disk (size or
     * modification time) is described anew at once.
     */
    private record Sibling(Path path, long size, FileTime modified, String etag, Header etagHeader) {
    }

    /** An Accept-Encoding value and what it accepts: clients send the same few values again and again. */
    private record Accepted(String value, boolean br, boolean gzip) {
    }

    /** Bounds the sibling maps: past this many files they start over (only map entries are freed). */
    static final int MAX_SIBLINGS = 4096;
    private static final Header BR = new Header("Content-Encoding", "br");
    private static final Header GZIP = new Header("Content-Encoding", "gzip");

    private record Gzipped(long size, long modifiedMicros, ByteBuffer content) {
    }

    private final boolean enabled;
    private final long minBytes;
    private final long maxBytes;
    private final long cacheBytes;
    private final Map<Path, Gzipped> gzipped = new ConcurrentHashMap<>();
    private final AtomicLong gzippedBytes = new AtomicLong();
    private final Map<Path, Sibling> brSiblings = new ConcurrentHashMap<>();
    private final Map<Path, Sibling> gzSiblings = new ConcurrentHashMap<>();
    private volatile Accepted lastAccepted = new Accepted("", false, false);

    /**
     * @param minBytes   smaller files go as they are
     * @param maxBytes   larger files are not gzipped here (a precompressed sibling is still used)
     * @param cacheBytes heap kept for gzip forms made here
     */
    public Compression(boolean enabled, long minBytes, long maxBytes, long cacheBytes) {
        this.enabled = enabled;
        this.minBytes = minBytes;
        this.maxBytes = maxBytes;
        this.cacheBytes = cacheBytes;
    }

    /** Whether responses of this type vary by Accept-Encoding (and so say {@code Vary: Accept-Encoding}). */
    boolean applies(String contentType) {
        if (!enabled) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("javascript") || type.contains("json")
                || type.contains("xml") || type.startsWith("image/svg");
    }

    /** The coded representation to send, or null for the identity one. */
    Encoded select(Request request, Path file, BasicFileAttributes attributes, FileFacts facts, FileBodies bodies)
            throws IOException {
        if (facts.size() < minBytes) {
            return null;
        }
        String acceptEncoding = request.header("Accept-Encoding");
        if (acceptEncoding == null) {
            return null;
        }
        Accepted accepted = lastAccepted;
        if (!accepted.value().equals(acceptEncoding)) {
            accepted = new Accepted(acceptEncoding, accepts(acceptEncoding, "br"), accepts(acceptEncoding, "gzip"));
            lastAccepted = accepted;
        }
        boolean gzip = accepted.gzip();
        Encoded sibling = accepted.br() ? sibling(file, brSiblings, ".br", BR, bodies) : null;
        if (sibling == null && gzip) {
            sibling = sibling(file, gzSiblings, ".gz", GZIP, bodies);
        }
        if (sibling != null || !gzip || facts.size() > maxBytes) {
            return sibling;
        }
        ByteBuffer content = gzip(file, attributes, bodies);
        if (content == null) {
            return null;
        }
        String etag = withSuffix(facts.etag(), "gzip");
        return new Encoded("gzip", etag, new Header("ETag", etag), GZIP, new Body.Bytes(content));
    }

    /** The file's precompressed sibling as it is on disk now (one stat), or null when there is none. */
    private static Encoded sibling(Path file, Map<Path, Sibling> known, String suffix, Header coding,
            FileBodies bodies) throws IOException {
        Sibling last = known.get(file);
        Path path = last != null ? last.path() : file.resolveSibling(file.getFileName() + suffix);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
        if (!attributes.isRegularFile()) {
            return null;
        }
        Sibling now = last;
        if (now == null || now.size() != attributes.size() || !now.modified().equals(attributes.lastModifiedTime())) {
            String etag = "\"" + Long.toHexString(attributes.size()) + "-"
                    + Long.toHexString(attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS)) + "-" + coding.value() + "\"";
            now = new Sibling(path, attributes.size(), attributes.lastModifiedTime(), etag, new Header("ETag", etag));
            if (known.size() >= MAX_SIBLINGS) {
                known.clear();
            }
            known.put(file, now);
        }
        return new Encoded(coding.value(), now.etag(), now.etagHeader(), coding,
                bodies.body(path, attributes, 0, attributes.size()));
    }

    private ByteBuffer gzip(Path file, BasicFileAttributes attributes, FileBodies bodies) throws IOException {
        long micros = attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS);
        Gzipped kept = gzipped.get(file);
        if (kept != null && kept.size() == attributes.size() && kept.modifiedMicros() == micros) {
            return kept.content().duplicate();
        }
        ByteBuffer plain = bodies.readRange(file, attributes, 0, attributes.size());
        byte[] bytes = new byte[plain.remaining()];
        plain.get(bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        if (out.size() >= bytes.length) {
            return null; // does not compress: identity is better
        }
        ByteBuffer content = ByteBuffer.wrap(out.toByteArray()).asReadOnlyBuffer();
        long freed = kept == null ? 0 : kept.content().capacity();
        if (gzippedBytes.get() - freed + content.capacity() <= cacheBytes) {
            gzipped.put(file, new Gzipped(attributes.size(), micros, content));
            gzippedBytes.addAndGet(content.capacity() - freed);
        }
        return content.duplicate();
    }

    /** True when the Accept-Encoding list names {@code coding} (or {@code *}) with a q-value above zero. */
    static boolean accepts(String acceptEncoding, String coding) {
        boolean star = false;
        for (String element : acceptEncoding.split(",")) {
            String[] parts = element.split(";");
            String name = parts[0].strip().toLowerCase(Locale.ROOT);
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    refused = parameter.substring(2).strip().matches("0(\\.0{0,3})?");
                }
            }
            if (name.equals(coding) || (coding.equals("gzip") && name.equals("x-gzip"))) {
                return !refused;
            }
            if (name.equals("*")) {
                star = !refused;
            }
        }
        return star;
    }

    private static String withSuffix(String etag, String coding) {
        return etag.substring(0, etag.length() - 1) + "-" + coding + "\"";
    }
}
