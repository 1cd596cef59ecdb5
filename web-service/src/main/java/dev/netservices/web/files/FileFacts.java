package dev.netservices.web.files;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.netservices.web.http.Header;
import dev.netservices.web.http.HttpDate;

/**
 * What a response says about one version of a file (size and modification time): its validators and its
 * representation headers, worked out once per version rather than once per request.
 *
 * @param headers Content-Type, Last-Modified, ETag and Accept-Ranges, in that order
 * @param varies  whether its answers vary by Accept-Encoding (a compressible type, compression on)
 */
record FileFacts(long size, FileTime lastModifiedTime, Instant modified, String etag, Header etagHeader,
        Header lastModifiedHeader, List<Header> headers, boolean varies) {

    static FileFacts of(BasicFileAttributes attributes, String contentType, boolean varies) {
        long size = attributes.size();
        Instant modified = attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
        String etag = "\"" + Long.toHexString(size) + "-"
                + Long.toHexString(attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS)) + "\"";
        Header etagHeader = new Header("ETag", etag);
        Header lastModifiedHeader = new Header("Last-Modified", HttpDate.format(modified));
        return new FileFacts(size, attributes.lastModifiedTime(), modified, etag, etagHeader, lastModifiedHeader,
                List.of(new Header("Content-Type", contentType), lastModifiedHeader, etagHeader,
                        new Header("Accept-Ranges", "bytes")), varies);
    }

    /** True while the file on disk is still this version. */
    boolean describes(BasicFileAttributes attributes) {
        return attributes.size() == size && attributes.lastModifiedTime().equals(lastModifiedTime);
    }
}
