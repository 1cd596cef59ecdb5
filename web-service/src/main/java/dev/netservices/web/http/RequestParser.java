package dev.netservices.web.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Parses HTTP/1.1 requests from bytes as they arrive, one connection's worth, resuming where the last
 * read stopped. It never builds a String of the whole request: it collects one line at a time, and
 * keeps nothing between requests but the state below.
 *
 * <pre>
 *   REQUEST_LINE --CRLF--> HEADER_LINE --empty line--+--> (no body) ............................. Parsed
 *                                                    +--> BODY (Content-Length) --all read-------> Parsed
 *                                                    +--> CHUNK_SIZE --> CHUNK_DATA --> CHUNK_END
 *                                                            ^   |0                          |
 *                                                            |   +--> TRAILER --empty line---+--> Parsed
 *                                                            +-------------------------------+
 *   any state --rule or limit broken--> FAILED (the connection answers and closes)
 * </pre>
 *
 * <p>The rules are strict on purpose (request smuggling lives in lenient parsers): a bare CR,
 * whitespace before a header's colon, obs-fold, control characters, duplicate Content-Length,
 * Content-Length together with Transfer-Encoding, and HTTP/1.1 without exactly one Host are all 400.
 * A lone LF ends a line, as RFC 9112 allows, so that {@code nc} users can type requests.
 */
public final class RequestParser {

    private enum State { REQUEST_LINE, HEADER_LINE, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, FAILED }

    private static final int MAX_LEADING_EMPTY_LINES = 4;
    private static final int MAX_CHUNK_LINE = 1024;
    private static final byte[] NO_BYTES = new byte[0];
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private final HttpLimits limits;

    private State state = State.REQUEST_LINE;
    private byte[] line = NO_BYTES;
    private int lineLength;
    private boolean afterCr;
    private int leadingEmptyLines;
    private int headerBytes;

    private String method;
    private String target;
    private HttpVersion version;
    private List<Header> headers;
    private String requestLine;
    private long remaining;
    private long bodyBytes;

    public RequestParser(HttpLimits limits) {
        this.limits = limits;
    }

    /** True once a byte of the next request has been taken (the header timeout is then running). */
    public boolean inProgress() {
        return state != State.REQUEST_LINE || lineLength > 0 || afterCr || leadingEmptyLines > 0;
    }

    /** True while the head is complete and only body bytes are outstanding. */
    public boolean readingBody() {
        return state == State.BODY || state == State.CHUNK_SIZE || state == State.CHUNK_DATA
                || state == State.CHUNK_END || state == State.TRAILER;
    }

    /** The request line seen so far, for the access log of a rejected request ("-" when none). */
    public String requestLineSoFar() {
        return requestLine != null ? requestLine : "-";
    }

    /**
     * Consumes bytes of {@code in} up to the end of one request. A parsed request leaves the bytes that
     * follow it (pipelined requests) in {@code in}; the parser is then ready for the next request.
     */
    public ParseResult parse(ByteBuffer in) {
        while (in.hasRemaining()) {
            switch (state) {
                case BODY -> {
                    int n = (int) Math.min(in.remaining(), remaining);
                    in.position(in.position() + n);
                    remaining -= n;
                    if (remaining == 0) {
                        return complete();
                    }
                }
                case CHUNK_DATA -> {
                    int n = (int) Math.min(in.remaining(), remaining);
                    in.position(in.position() + n);
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.CHUNK_END;
                    }
                }
                case FAILED -> throw new IllegalStateException("parser used after a rejected request");
                default -> {
                    ParseResult result = lineByte(in.get());
                    if (result != null) {
                        return result;
                    }
                }
            }
        }
        return ParseResult.NEED_MORE;
    }

    private ParseResult lineByte(byte b) {
        if (afterCr) {
            afterCr = false;
            if (b != '\n') {
                return reject(Status.BAD_REQUEST, "bare CR in the request");
            }
            return endOfLine();
        }
        if (b == '\r') {
            afterCr = true;
            return null;
        }
        if (b == '\n') {
            return endOfLine();
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, Math.max(128, line.length * 2));
        }
        line[lineLength++] = b;
        return switch (state) {
            case REQUEST_LINE -> lineLength > limits.maxRequestLineBytes()
                    ? reject(Status.URI_TOO_LONG, "request line longer than " + limits.maxRequestLineBytes() + " bytes")
                    : null;
            case HEADER_LINE, TRAILER -> headerBytes + lineLength > limits.maxHeaderBytes()
                    ? reject(Status.HEADER_FIELDS_TOO_LARGE, "header fields longer than " + limits.maxHeaderBytes() + " bytes")
                    : null;
            default -> lineLength > MAX_CHUNK_LINE ? reject(Status.BAD_REQUEST, "chunk line too long") : null;
        };
    }

    private ParseResult endOfLine() {
        int length = lineLength;
        lineLength = 0;
        return switch (state) {
            case REQUEST_LINE -> requestLine(length);
            case HEADER_LINE -> headerLine(length);
            case CHUNK_SIZE -> chunkSize(length);
            case CHUNK_END -> length == 0 ? nextChunk() : reject(Status.BAD_REQUEST, "chunk data longer than its size");
            case TRAILER -> trailerLine(length);
            default -> throw new IllegalStateException(state.name());
        };
    }

    private ParseResult nextChunk() {
        state = State.CHUNK_SIZE;
        return null;
    }

    private ParseResult requestLine(int length) {
        if (length == 0) {
            // RFC 9112 2.2: empty lines before a request line (left over from a previous body) are ignored.
            return ++leadingEmptyLines > MAX_LEADING_EMPTY_LINES
                    ? reject(Status.BAD_REQUEST, "too many empty lines before the request line") : null;
        }
        requestLine = new String(line, 0, length, StandardCharsets.ISO_8859_1);
        int sp1 = indexOf(line, 0, length, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(line, sp1 + 1, length, (byte) ' ');
        if (sp1 <= 0 || sp2 < 0 || indexOf(line, sp2 + 1, length, (byte) ' ') >= 0) {
            return reject(Status.BAD_REQUEST, "request line is not 'METHOD target HTTP/1.1'");
        }
        for (int i = 0; i < sp1; i++) {
            if (!isTchar(line[i])) {
                return reject(Status.BAD_REQUEST, "invalid character in the method");
            }
        }
        if (sp2 == sp1 + 1) {
            return reject(Status.BAD_REQUEST, "empty request target");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            byte c = line[i];
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                return reject(Status.BAD_REQUEST, "invalid character in the request target");
            }
        }
        method = new String(line, 0, sp1, StandardCharsets.US_ASCII);
        target = new String(line, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.US_ASCII);
        if (!(target.startsWith("/") || target.equals("*") || target.regionMatches(true, 0, "http://", 0, 7)
                || target.regionMatches(true, 0, "https://", 0, 8))) {
            return reject(Status.BAD_REQUEST, "request target must start with '/'");
        }
        String versionText = new String(line, sp2 + 1, length - sp2 - 1, StandardCharsets.ISO_8859_1);
        switch (versionText) {
            case "HTTP/1.1" -> version = HttpVersion.HTTP_1_1;
            case "HTTP/1.0" -> version = HttpVersion.HTTP_1_0;
            default -> {
                return versionText.matches("HTTP/[0-9]\\.[0-9]|HTTP/[0-9]")
                        ? reject(Status.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.0 and HTTP/1.1 are supported")
                        : reject(Status.BAD_REQUEST, "malformed HTTP version");
            }
        }
        headers = new ArrayList<>(12);
        state = State.HEADER_LINE;
        return null;
    }

    private ParseResult headerLine(int length) {
        if (length == 0) {
            return endOfHead();
        }
        headerBytes += length + 2;
        ParseResult bad = field(length, headers);
        if (bad != null) {
            return bad;
        }
        return headers.size() > limits.maxHeaderCount()
                ? reject(Status.HEADER_FIELDS_TOO_LARGE, "more than " + limits.maxHeaderCount() + " header fields")
                : null;
    }

    private ParseResult trailerLine(int length) {
        if (length == 0) {
            return complete();
        }
        headerBytes += length + 2;
        return field(length, new ArrayList<>(1));
    }

    /** One {@code name: value} line into {@code into}, or the reason it is refused. */
    private ParseResult field(int length, List<Header> into) {
        if (line[0] == ' ' || line[0] == '\t') {
            return reject(Status.BAD_REQUEST, "obsolete line folding (a header line starting with whitespace)");
        }
        int colon = indexOf(line, 0, length, (byte) ':');
        if (colon < 0) {
            return reject(Status.BAD_REQUEST, "header line without a colon");
        }
        if (colon == 0) {
            return reject(Status.BAD_REQUEST, "empty header name");
        }
        for (int i = 0; i < colon; i++) {
            byte c = line[i];
            if (c == ' ' || c == '\t') {
                return reject(Status.BAD_REQUEST, "whitespace between a header name and its colon");
            }
            if (!isTchar(c)) {
                return reject(Status.BAD_REQUEST, "invalid character in a header name");
            }
        }
        int start = colon + 1;
        int end = length;
        while (start < end && (line[start] == ' ' || line[start] == '\t')) {
            start++;
        }
        while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        for (int i = start; i < end; i++) {
            int c = line[i] & 0xff;
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return reject(Status.BAD_REQUEST, "control character in a header value");
            }
        }
        into.add(new Header(new String(line, 0, colon, StandardCharsets.US_ASCII),
                new String(line, start, end - start, StandardCharsets.ISO_8859_1)));
        return null;
    }

    private ParseResult endOfHead() {
        int hosts = 0;
        int lengths = 0;
        int encodings = 0;
        String contentLength = null;
        String transferEncoding = null;
        for (Header header : headers) {
            if (header.is("Host")) {
                hosts++;
            } else if (header.is("Content-Length")) {
                lengths++;
                contentLength = header.value();
            } else if (header.is("Transfer-Encoding")) {
                encodings++;
                transferEncoding = header.value();
            }
        }
        if (version == HttpVersion.HTTP_1_1 && hosts == 0) {
            return reject(Status.BAD_REQUEST, "HTTP/1.1 request without a Host header");
        }
        if (hosts > 1) {
            return reject(Status.BAD_REQUEST, "more than one Host header");
        }
        if (lengths > 1) {
            return reject(Status.BAD_REQUEST, "more than one Content-Length header");
        }
        if (lengths == 1 && encodings > 0) {
            return reject(Status.BAD_REQUEST, "Content-Length together with Transfer-Encoding");
        }
        if (encodings > 0) {
            if (encodings > 1 || !transferEncoding.toLowerCase(Locale.ROOT).equals("chunked")) {
                return reject(Status.NOT_IMPLEMENTED, "only the chunked transfer coding is supported");
            }
            if (version == HttpVersion.HTTP_1_0) {
                return reject(Status.BAD_REQUEST, "Transfer-Encoding in an HTTP/1.0 request");
            }
            bodyBytes = 0;
            state = State.CHUNK_SIZE;
            return null;
        }
        if (lengths == 1) {
            long length = parseContentLength(contentLength);
            if (length < 0) {
                return reject(Status.BAD_REQUEST, "Content-Length is not a number");
            }
            if (length > limits.maxBodyBytes()) {
                return reject(Status.CONTENT_TOO_LARGE, "request body larger than " + limits.maxBodyBytes() + " bytes");
            }
            if (length > 0) {
                remaining = length;
                state = State.BODY;
                return null;
            }
        }
        return complete();
    }

    private ParseResult chunkSize(int length) {
        int end = indexOf(line, 0, length, (byte) ';');
        if (end < 0) {
            end = length;
        }
        if (end == 0 || end > 15) {
            return reject(Status.BAD_REQUEST, "malformed chunk size");
        }
        long size = 0;
        for (int i = 0; i < end; i++) {
            int digit = Character.digit(line[i], 16);
            if (digit < 0) {
                return reject(Status.BAD_REQUEST, "malformed chunk size");
            }
            size = size * 16 + digit;
        }
        for (int i = end; i < length; i++) {
            int c = line[i] & 0xff;
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return reject(Status.BAD_REQUEST, "control character in a chunk extension");
            }
        }
        bodyBytes += size;
        if (bodyBytes > limits.maxBodyBytes()) {
            return reject(Status.CONTENT_TOO_LARGE, "request body larger than " + limits.maxBodyBytes() + " bytes");
        }
        if (size == 0) {
            state = State.TRAILER;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
        return null;
    }

    private static long parseContentLength(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private ParseResult complete() {
        Request request = new Request(method, target, version, headers);
        reset();
        return new ParseResult.Parsed(request);
    }

    private ParseResult reject(Status status, String message) {
        String seen = requestLineSoFar();
        state = State.FAILED;
        return new ParseResult.Rejected(status, message, seen);
    }

    private void reset() {
        state = State.REQUEST_LINE;
        if (line.length > 1024) {
            line = NO_BYTES;
        }
        lineLength = 0;
        afterCr = false;
        leadingEmptyLines = 0;
        headerBytes = 0;
        method = null;
        target = null;
        version = null;
        headers = null;
        requestLine = null;
        remaining = 0;
        bodyBytes = 0;
    }

    private static boolean isTchar(byte c) {
        return c > 0 && TCHAR[c];
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
