package dev.netservices.web.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.root.RefusedNameException;
import dev.netservices.web.http.Body;
import dev.netservices.web.http.Header;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.http.Request;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.Status;

/**
 * GET and HEAD of files under the web root.
 *
 * <p>The path is percent-decoded one segment at a time and every segment goes through
 * {@link ConfinedRoot}, so that {@code ..}, encoded dots and slashes, backslashes, NUL, hidden names
 * and symlinks leading out all end as a plain 404: a client cannot tell a refused name from a missing
 * one, and no byte from outside the root is ever read.
 */
public final class StaticFiles {

    private static final String INDEX = "index.html";
    private static final String NOT_FOUND_PAGE = "404.html";
    private static final Header VARY = new Header("Vary", "Accept-Encoding");

    private final ConfinedRoot root;
    private final MediaTypes mediaTypes;
    private final boolean directoryListing;
    private final HotFiles hotFiles = new HotFiles();
    private final Compression compression;
    private final FileBodies bodies;
    private final HttpDate dates;

    /** With the files held open limited to half of the process's descriptor limit (web.max-open-files' default). */
    public StaticFiles(ConfinedRoot root, FileCache cache, MediaTypes mediaTypes, boolean directoryListing,
            Compression compression, HttpDate dates) {
        this(root, cache, mediaTypes, directoryListing, compression, dates, OpenFiles.of(0));
    }

    /**
     * @param dates     reads If-Modified-Since and If-Range on the service clock
     * @param openFiles the files responses may hold open at once; past it a response from disk is a 503
     */
    public StaticFiles(ConfinedRoot root, FileCache cache, MediaTypes mediaTypes, boolean directoryListing,
            Compression compression, HttpDate dates, OpenFiles openFiles) {
        this.dates = dates;
        this.compression = compression;
        this.root = root;
        this.mediaTypes = mediaTypes;
        this.directoryListing = directoryListing;
        this.bodies = new FileBodies(root, cache, openFiles);
    }

    public Response serve(Request request) {
        String raw = request.rawPath();
        if (!raw.startsWith("/")) {
            return Response.error(Status.BAD_REQUEST, "the request target must be a path");
        }
        Response hot = fromHotFile(request, raw);
        if (hot != null) {
            return hot;
        }
        boolean trailingSlash = raw.endsWith("/");
        String inner = raw.length() == 1 ? "" : raw.substring(1, trailingSlash ? raw.length() - 1 : raw.length());
        List<String> segments = new ArrayList<>();
        if (!inner.isEmpty()) {
            for (String rawSegment : inner.split("/", -1)) {
                String segment = PathDecoder.decodeSegment(rawSegment);
                if (segment == null) {
                    return Response.error(Status.BAD_REQUEST, "malformed percent-encoding in the path");
                }
                if (segment.indexOf('/') >= 0) {
                    return notFound();
                }
                segments.add(segment);
            }
        }
        Path path;
        BasicFileAttributes attributes;
        try {
            path = root.resolvePath(String.join("/", segments));
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (RefusedNameException | IOException e) {
            return notFound();
        }
        if (attributes.isDirectory()) {
            return directory(request, raw, trailingSlash, path);
        }
        if (trailingSlash || !attributes.isRegularFile()) {
            return notFound();
        }
        FileFacts facts = factsOf(path, attributes);
        hotFiles.remember(raw, path, facts);
        return file(request, path, attributes, facts);
    }

    /**
     * The fast path for a file served before under this very request path: one stat to see that it is
     * still the same version, and the facts already at hand. Skipping the name rules here can never serve a
     * byte from outside the root: bytes come either from the cache (read through a checked open when
     * admitted) or from a file opened now through {@link FileBodies}' checked open, which refuses a path that
     * leads outside at this moment (a name swapped for a symlink since); a refusal or any other failure
     * forgets the path and takes the full one, which answers as it always did.
     */
    private Response fromHotFile(Request request, String raw) {
        HotFiles.Hot hot = hotFiles.get(raw);
        if (hot == null) {
            return null;
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(hot.path(), BasicFileAttributes.class);
            if (!hot.facts().describes(attributes) || !attributes.isRegularFile()) {
                hotFiles.forget(raw);
                return null;
            }
            return respond(request, hot.path(), attributes, hot.facts());
        } catch (OpenFiles.Exhausted e) {
            return unavailable(e); // the path is still good
        } catch (IOException e) {
            hotFiles.forget(raw);
            return null;
        }
    }

    private Response directory(Request request, String raw, boolean trailingSlash, Path directory) {
        if (!trailingSlash) {
            return Response.error(Status.MOVED_PERMANENTLY, "the folder is at " + raw + "/",
                    new Header("Location", raw + "/" + request.rawQuery()));
        }
        Path index = directory.resolve(INDEX);
        try {
            BasicFileAttributes attributes = Files.readAttributes(index, BasicFileAttributes.class);
            if (attributes.isRegularFile()) {
                return file(request, index, attributes, factsOf(index, attributes));
            }
        } catch (IOException e) {
            // no index: listing or 403 below
        }
        if (directoryListing) {
            return DirectoryListing.render(root, directory, raw);
        }
        return Response.error(Status.FORBIDDEN, "this folder has no index.html and directory listing is off");
    }

    private FileFacts factsOf(Path file, BasicFileAttributes attributes) {
        String contentType = mediaTypes.of(file.getFileName().toString());
        return FileFacts.of(attributes, contentType, compression.applies(contentType));
    }

    private Response file(Request request, Path file, BasicFileAttributes attributes, FileFacts facts) {
        try {
            return respond(request, file, attributes, facts);
        } catch (NoSuchFileException e) {
            return notFound(); // deleted since it was looked up
        } catch (OpenFiles.Exhausted e) {
            return unavailable(e);
        } catch (IOException e) {
            return Response.error(Status.INTERNAL_SERVER_ERROR, "the file could not be read");
        }
    }

    private Response respond(Request request, Path file, BasicFileAttributes attributes, FileFacts facts)
            throws IOException {
        long size = facts.size();
        Instant modified = facts.modified();
        boolean varies = facts.varies();
        Compression.Encoded encoded = varies && request.header("Range") == null
                ? compression.select(request, file, attributes, facts, bodies) : null;
        String etag = encoded != null ? encoded.etag() : facts.etag();
        Header etagHeader = encoded != null ? encoded.etagHeader() : facts.etagHeader();
        Header lastModifiedHeader = facts.lastModifiedHeader();

        String ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch != null) {
            if (Conditions.noneMatchFails(ifNoneMatch, etag)) {
                return notModified(etagHeader, lastModifiedHeader, varies, encoded);
            }
        } else {
            Instant since = request.header("If-Modified-Since") == null ? null
                    : dates.parse(request.header("If-Modified-Since"));
            if (since != null && !modified.isAfter(since)) {
                return notModified(etagHeader, lastModifiedHeader, varies, encoded);
            }
        }

        List<Header> headers = facts.headers();
        if (encoded != null) {
            return new Response(Status.OK, List.of(headers.get(0), lastModifiedHeader, etagHeader, headers.get(3),
                    encoded.contentEncoding(), VARY), encoded.body());
        }
        if (varies) {
            headers = new ArrayList<>(headers);
            headers.add(VARY);
        }
        String range = request.header("Range");
        if (range != null && request.method().equals("GET")
                && Conditions.ifRangeHolds(request.header("If-Range"), etag, modified, dates)) {
            switch (ByteRange.parse(range, size)) {
                case ByteRange.Satisfiable part -> {
                    List<Header> partHeaders = new ArrayList<>(headers);
                    partHeaders.add(new Header("Content-Range", "bytes " + part.first() + "-" + part.last() + "/" + size));
                    return new Response(Status.PARTIAL_CONTENT, partHeaders,
                            bodies.body(file, attributes, part.first(), part.length()));
                }
                case ByteRange.Several several -> {
                    if (MultipartRanges.fits(several.parts())) {
                        return MultipartRanges.render(several.parts(), size, headers,
                                (first, length) -> bodies.readRange(file, attributes, first, length));
                    }
                    // too much to assemble in memory: the whole file below
                }
                case ByteRange.Unsatisfiable none -> {
                    return Response.error(Status.RANGE_NOT_SATISFIABLE, "the file has " + size + " bytes",
                            new Header("Content-Range", "bytes */" + size));
                }
                case ByteRange.Ignored ignored -> {
                    // serve the whole file
                }
            }
        }
        return new Response(Status.OK, headers, bodies.body(file, attributes, 0, size));
    }

    private static Response notModified(Header etag, Header lastModified, boolean varies, Compression.Encoded encoded) {
        if (encoded != null) {
            encoded.body().release();
        }
        return new Response(Status.NOT_MODIFIED, varies ? List.of(etag, lastModified, VARY) : List.of(etag, lastModified),
                Body.EMPTY);
    }

    /** Files free as responses finish: a retry soon is likely to be served, so a 503, not a 500. */
    private static Response unavailable(OpenFiles.Exhausted e) {
        return Response.error(Status.SERVICE_UNAVAILABLE, e.getMessage() + "; try again shortly",
                new Header("Retry-After", "1"));
    }

    /** The root's own 404.html when it has one, else the built-in page. */
    private Response notFound() {
        try {
            Path page = root.resolveName(NOT_FOUND_PAGE);
            BasicFileAttributes attributes = Files.readAttributes(page, BasicFileAttributes.class);
            if (attributes.isRegularFile() && attributes.size() <= 1024 * 1024) {
                return Response.errorPage(Status.NOT_FOUND, "no such file", Files.readAllBytes(page));
            }
        } catch (RefusedNameException | IOException e) {
            // fall back to the built-in page
        }
        return Response.error(Status.NOT_FOUND, "no such file");
    }
}
