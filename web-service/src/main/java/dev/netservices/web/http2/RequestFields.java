package dev.netservices.web.http2;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.netservices.common.text.DecimalNumber;
import dev.netservices.web.hpack.HeaderField;
import dev.netservices.web.http.Header;
import dev.netservices.web.http.HttpVersion;
import dev.netservices.web.http.Request;

/**
 * Turns a decoded header list into the same {@link Request} the HTTP/1.1 parser makes, refusing every list
 * RFC 9113 8.1.1 calls malformed with a stream error PROTOCOL_ERROR: an uppercase or invalid field name, a
 * connection-specific field (8.2.2), {@code te} other than {@code trailers}, a pseudo-header after a regular
 * field, one unknown, repeated or missing (8.3), an empty {@code :path}, a value with CR, LF, NUL or
 * surrounding whitespace (8.2.1), more than one {@code content-length}, a {@code host} that differs from
 * {@code :authority} (8.3.1). {@code :authority} becomes the Host header, as 8.3.1 asks.
 */
final class RequestFields {

    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");

    /** The request and what its content-length promised (-1 for none). */
    record Parsed(Request request, long contentLength) {
    }

    private RequestFields() {
    }

    static Parsed parse(int streamId, List<HeaderField> fields) throws Http2Failure {
        String method = null;
        String scheme = null;
        String path = null;
        String authority = null;
        boolean regularSeen = false;
        long contentLength = -1;
        List<Header> headers = new ArrayList<>(fields.size() + 1);
        headers.add(null); // Host goes first, as the HTTP/1.1 parser would have seen it
        for (HeaderField field : fields) {
            String name = field.name();
            String value = field.value();
            checkName(streamId, name);
            checkValue(streamId, name, value);
            if (name.startsWith(":")) {
                if (regularSeen) {
                    throw malformed(streamId, "pseudo-header " + name + " after a regular field");
                }
                switch (name) {
                    case ":method" -> method = once(streamId, name, method, value);
                    case ":scheme" -> scheme = once(streamId, name, scheme, value);
                    case ":path" -> path = once(streamId, name, path, value);
                    case ":authority" -> authority = once(streamId, name, authority, value);
                    default -> throw malformed(streamId, "unknown pseudo-header " + name);
                }
                continue;
            }
            regularSeen = true;
            if (CONNECTION_SPECIFIC.contains(name)) {
                throw malformed(streamId, "connection-specific field " + name);
            }
            if (name.equals("te") && !value.equals("trailers")) {
                throw malformed(streamId, "te other than trailers");
            }
            if (name.equals("content-length")) {
                // more than one, even of the same number, is a 400 over HTTP/1.1 (MessageFraming): so here too
                long length = DecimalNumber.parse(value);
                if (length < 0 || contentLength >= 0) {
                    throw malformed(streamId, "content-length is not one number");
                }
                contentLength = length;
            }
            if (name.equals("host")) {
                if (headers.getFirst() != null) {
                    throw malformed(streamId, "more than one host field");
                }
                headers.set(0, new Header("host", value));
                continue;
            }
            headers.add(new Header(name, value));
        }
        if (method == null) {
            throw malformed(streamId, "no :method");
        }
        if (method.equals("CONNECT")) {
            if (scheme != null || path != null || authority == null) {
                throw malformed(streamId, "CONNECT needs :authority and no :scheme or :path");
            }
            path = authority;
        } else if (scheme == null || path == null) {
            throw malformed(streamId, "no " + (scheme == null ? ":scheme" : ":path"));
        } else if (path.isEmpty()) {
            throw malformed(streamId, "empty :path");
        }
        if (authority != null) {
            Header host = headers.getFirst();
            if (host != null && !host.value().equalsIgnoreCase(authority)) {
                throw malformed(streamId, "host differs from :authority"); // RFC 9113 8.3.1
            }
            headers.set(0, new Header("host", authority));
        }
        if (headers.getFirst() == null) {
            headers.removeFirst();
        }
        return new Parsed(new Request(method, path, HttpVersion.HTTP_2_0, headers), contentLength);
    }

    /**
     * What arrived of a request whose header list was cut at the limit, to be refused: its method and path when
     * they came (pseudo-headers come first), else "-", and no other field.
     */
    static Request partial(List<HeaderField> kept) {
        String method = "-";
        String path = "-";
        for (HeaderField field : kept) {
            if (field.name().equals(":method") && method.equals("-")) {
                method = field.value();
            } else if (field.name().equals(":path") && path.equals("-")) {
                path = field.value();
            }
        }
        return new Request(method, path, HttpVersion.HTTP_2_0, List.of());
    }

    /** Trailers: regular fields only, and still well formed. */
    static void checkTrailers(int streamId, List<HeaderField> fields) throws Http2Failure {
        for (HeaderField field : fields) {
            checkName(streamId, field.name());
            checkValue(streamId, field.name(), field.value());
            if (field.name().startsWith(":")) {
                throw malformed(streamId, "pseudo-header in trailers");
            }
        }
    }

    private static String once(int streamId, String name, String seen, String value) throws Http2Failure {
        if (seen != null) {
            throw malformed(streamId, "repeated " + name);
        }
        return value;
    }

    private static void checkName(int streamId, String name) throws Http2Failure {
        if (name.isEmpty()) {
            throw malformed(streamId, "empty field name");
        }
        for (int i = name.charAt(0) == ':' ? 1 : 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                throw malformed(streamId, "uppercase field name " + name);
            }
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                throw malformed(streamId, "invalid character in field name");
            }
        }
    }

    private static void checkValue(int streamId, String name, String value) throws Http2Failure {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') {
                throw malformed(streamId, "CR, LF or NUL in the value of " + name);
            }
        }
        if (!value.isEmpty() && (isSpace(value.charAt(0)) || isSpace(value.charAt(value.length() - 1)))) {
            throw malformed(streamId, "whitespace around the value of " + name);
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static Http2Failure malformed(int streamId, String message) {
        return Http2Failure.stream(streamId, ErrorCode.PROTOCOL_ERROR, "malformed request: " + message);
    }
}
