package dev.netservices.web.http2;

import dev.netservices.web.http.HttpLimits;

/**
 * What we advertise in our SETTINGS and hold the client to (RFC 9113 6.5.2), from {@code web.http2.*} and
 * the HTTP/1.1 limits they correspond to.
 *
 * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS: a stream past it is REFUSED_STREAM
 * @param initialWindowSize    SETTINGS_INITIAL_WINDOW_SIZE: what a client may send on a stream before we
 *                             grant more; request bodies are refused anyway, so it stays small
 * @param maxFrameSize         SETTINGS_MAX_FRAME_SIZE (16384, the protocol's minimum)
 * @param maxHeaderListSize    SETTINGS_MAX_HEADER_LIST_SIZE, from {@code web.max-header-size}: a list past it is
 *                             a 431, as header lines past it are over HTTP/1.1
 * @param maxRequestLineBytes  {@code web.max-request-line}: a request whose {@code method :path HTTP/2.0} is longer
 *                             is a 414, as its request line would be over HTTP/1.1
 * @param maxHeaderCount       {@code web.max-header-count}: regular fields per request, 431 past it as over HTTP/1.1
 * @param maxBodyBytes         request body bytes read and dropped per stream (413 past it), as over HTTP/1.1
 * @param maxOpenFilesPerConnection streams of one connection whose response holds an open file; a request
 *                             complete past it waits, unanswered, until one of them ends
 */
public record Http2Options(int maxConcurrentStreams, int initialWindowSize, int maxFrameSize, int maxHeaderListSize,
        int maxRequestLineBytes, int maxHeaderCount, long maxBodyBytes, int maxOpenFilesPerConnection) {

    /** SETTINGS_HEADER_TABLE_SIZE: the protocol's default, which we keep. */
    static final int HEADER_TABLE_SIZE = 4096;
    static final int DEFAULT_WINDOW = 65_535;
    /** {@code web.http2.max-concurrent-streams}'s default, within the 100-128 browsers and servers settle on. */
    public static final int DEFAULT_MAX_STREAMS = 128;
    /**
     * {@code web.http2.max-open-files-per-connection}'s default: as many files in flight as six HTTP/1.1 connections
     * and more, while 256 connections from one address (the default per-address limit) hold at most 4,096.
     */
    public static final int DEFAULT_MAX_OPEN_FILES_PER_CONNECTION = 16;

    public Http2Options {
        if (maxConcurrentStreams < 1 || initialWindowSize < 1 || maxFrameSize < 16_384 || maxHeaderListSize < 1
                || maxRequestLineBytes < 1 || maxHeaderCount < 1 || maxOpenFilesPerConnection < 1) {
            throw new IllegalArgumentException("HTTP/2 limits must be positive (frame size at least 16384)");
        }
    }

    /** HTTP/1.1's limits and the default number of streams and of files per connection. */
    public static Http2Options of(HttpLimits limits) {
        return of(limits, DEFAULT_MAX_STREAMS, DEFAULT_MAX_OPEN_FILES_PER_CONNECTION);
    }

    public static Http2Options of(HttpLimits limits, int maxConcurrentStreams, int maxOpenFilesPerConnection) {
        return new Http2Options(maxConcurrentStreams, DEFAULT_WINDOW, 16_384, limits.maxHeaderBytes(),
                limits.maxRequestLineBytes(), limits.maxHeaderCount(), limits.maxBodyBytes(), maxOpenFilesPerConnection);
    }

    /** Our SETTINGS frame's identifier and value pairs. */
    int[] settings() {
        return new int[] {
                0x2, 0, // ENABLE_PUSH: a server may not set it to 1, and 0 says what we do anyway
                0x3, maxConcurrentStreams, // MAX_CONCURRENT_STREAMS
                0x4, initialWindowSize, // INITIAL_WINDOW_SIZE
                0x5, maxFrameSize, // MAX_FRAME_SIZE
                0x6, maxHeaderListSize // MAX_HEADER_LIST_SIZE
        };
    }
}
