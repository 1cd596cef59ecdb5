package dev.netservices.web.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses HTTP/1.1 requests from bytes as they arrive, one connection's worth, resuming where the last
 * read stopped. It never builds a String of the whole request: {@link LineAssembler} collects one line at
 * a time, {@link FieldLine} checks each header, {@link MessageFraming} decides from the head where the
 * request ends and a {@link RequestBody} reads the body to its end and drops it.
 *
 * <pre>
 *   REQUEST_LINE --line--> HEADER_LINE --empty line--+--> (no body) ............................ Parsed
 *                                                    +--> BODY (fixed length or chunked) --end--> Parsed
 *   any state --rule or limit broken--> FAILED (the connection answers and closes)
 * </pre>
 *
 * <p>The rules are strict on purpose (request smuggling lives in lenient parsers): a bare CR,
 * whitespace before a header's colon, obs-fold, control characters, duplicate Content-Length,
 * Content-Length together with Transfer-Encoding, and HTTP/1.1 without exactly one Host are all 400.
 */
public final class RequestParser {

    private enum State { REQUEST_LINE, HEADER_LINE, BODY, FAILED }

    private static final int MAX_LEADING_EMPTY_LINES = 4;
    // Longer than any method registered with IANA; a longer token is refused before the target is read.
    private static final int MAX_METHOD_BYTES = 32;

    private final HttpLimits limits;
    private final LineAssembler lines = new LineAssembler();

    private State state = State.REQUEST_LINE;
    private int leadingEmptyLines;
    private int headerBytes;

    private String method;
    private String target;
    private HttpVersion version;
    private List<Header> headers;
    private String requestLine;
    private RequestBody body;

    public RequestParser(HttpLimits limits) {
        this.limits = limits;
    }

    /** True once a byte of the next request has been taken (the header timeout is then running). */
    public boolean inProgress() {
        return state != State.REQUEST_LINE || !lines.isEmpty() || leadingEmptyLines > 0;
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
                case REQUEST_LINE, HEADER_LINE -> {
                    ParseResult result = headLine(in);
                    if (result != null) {
                        return result;
                    }
                }
                case BODY -> {
                    Refusal refusal = body.discard(in);
                    if (refusal != null) {
                        return reject(refusal);
                    }
                    if (body.complete()) {
                        return complete();
                    }
                }
                case FAILED -> throw new IllegalStateException("parser used after a rejected request");
            }
        }
        return ParseResult.NEED_MORE;
    }

    private ParseResult headLine(ByteBuffer in) {
        boolean first = state == State.REQUEST_LINE;
        int limit = first ? limits.maxRequestLineBytes() : limits.maxHeaderBytes() - headerBytes;
        return switch (lines.take(in, limit)) {
            case NEED_MORE -> null;
            case BARE_CR -> reject(Status.BAD_REQUEST, "bare CR in the request");
            case TOO_LONG -> !first
                    ? reject(Status.HEADER_FIELDS_TOO_LARGE, "header fields longer than " + limits.maxHeaderBytes() + " bytes")
                    : methodTooLong(lines.bytes(), lines.length())
                            ? reject(Status.BAD_REQUEST, "method longer than " + MAX_METHOD_BYTES + " bytes")
                            : reject(Status.URI_TOO_LONG, "request line longer than " + limits.maxRequestLineBytes() + " bytes");
            case LINE -> {
                int length = lines.length();
                lines.next();
                yield first ? requestLine(lines.bytes(), length) : headerLine(lines.bytes(), length);
            }
        };
    }

    private ParseResult requestLine(byte[] line, int length) {
        if (length == 0) {
            // RFC 9112 2.2: empty lines before a request line (left over from a previous body) are ignored.
            return ++leadingEmptyLines > MAX_LEADING_EMPTY_LINES
                    ? reject(Status.BAD_REQUEST, "too many empty lines before the request line") : null;
        }
        requestLine = new String(line, 0, length, StandardCharsets.ISO_8859_1);
        int sp1 = HttpSyntax.indexOf(line, 0, length, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : HttpSyntax.indexOf(line, sp1 + 1, length, (byte) ' ');
        if (methodTooLong(line, length)) {
            return reject(Status.BAD_REQUEST, "method longer than " + MAX_METHOD_BYTES + " bytes");
        }
        if (sp1 <= 0 || sp2 < 0 || HttpSyntax.indexOf(line, sp2 + 1, length, (byte) ' ') >= 0) {
            return reject(Status.BAD_REQUEST, "request line is not 'METHOD target HTTP/1.1'");
        }
        for (int i = 0; i < sp1; i++) {
            if (!HttpSyntax.isTchar(line[i])) {
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
        version = HttpVersion.parse(line, sp2 + 1, length);
        if (version == null) {
            return HttpVersion.isWellFormed(line, sp2 + 1, length)
                    ? reject(Status.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.0 and HTTP/1.1 are supported")
                    : reject(Status.BAD_REQUEST, "malformed HTTP version");
        }
        headers = new ArrayList<>(12);
        state = State.HEADER_LINE;
        return null;
    }

    /** A method is a short token: no space within its first bytes means it is not one (400, not 414). */
    private static boolean methodTooLong(byte[] line, int length) {
        int space = HttpSyntax.indexOf(line, 0, Math.min(length, MAX_METHOD_BYTES + 1), (byte) ' ');
        return space < 0 && length > MAX_METHOD_BYTES;
    }

    private ParseResult headerLine(byte[] line, int length) {
        if (length == 0) {
            return endOfHead();
        }
        headerBytes += length + 2;
        Refusal refusal = FieldLine.parse(line, length, headers);
        if (refusal != null) {
            return reject(refusal);
        }
        return headers.size() > limits.maxHeaderCount()
                ? reject(Status.HEADER_FIELDS_TOO_LARGE, "more than " + limits.maxHeaderCount() + " header fields")
                : null;
    }

    private ParseResult endOfHead() {
        return switch (MessageFraming.of(version, target.startsWith("/"), headers, headerBytes, limits, lines)) {
            case MessageFraming.NoBody none -> complete();
            case MessageFraming.WithBody with -> {
                body = with.body();
                state = State.BODY;
                yield null;
            }
            case MessageFraming.Refused refused -> reject(refused.refusal());
        };
    }

    private ParseResult complete() {
        Request request = new Request(method, target, version, headers);
        reset();
        return new ParseResult.Parsed(request);
    }

    private ParseResult reject(Status status, String message) {
        return reject(new Refusal(status, message));
    }

    private ParseResult reject(Refusal refusal) {
        String seen = requestLineSoFar();
        state = State.FAILED;
        return new ParseResult.Rejected(refusal.status(), refusal.message(), seen);
    }

    private void reset() {
        state = State.REQUEST_LINE;
        lines.reset();
        leadingEmptyLines = 0;
        headerBytes = 0;
        method = null;
        target = null;
        version = null;
        headers = null;
        requestLine = null;
        body = null;
    }
}
