package dev.netservices.web.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.netservices.common.text.DecimalNumber;

/**
 * Decides from a complete head where the request ends (RFC 9112 6.1-6.3), refusing every head on which
 * two parsers could disagree: duplicate Content-Length, Content-Length with Transfer-Encoding, a
 * transfer coding list whose final coding is not chunked (400 and close, RFC 9112 6.3), and a Host that
 * is missing in HTTP/1.1, repeated, or not {@code uri-host [":" port]} (RFC 9112 3.2, RFC 9110 7.2).
 * A coding other than chunked before a final chunked is understood but not implemented: 501.
 */
final class MessageFraming {

    private MessageFraming() {
    }

    /** No body, a body to discard, or the refusal of the head. */
    sealed interface Framing {
    }

    record NoBody() implements Framing {
    }

    record WithBody(RequestBody body) implements Framing {
    }

    record Refused(Refusal refusal) implements Framing {
    }

    private static final Framing NO_BODY = new NoBody();

    /** @param originForm the target is a path ({@code /...}): an empty Host is then refused */
    static Framing of(HttpVersion version, boolean originForm, List<Header> headers, int headerBytes,
            HttpLimits limits, LineAssembler lines) {
        int hosts = 0;
        int lengths = 0;
        String host = null;
        String contentLength = null;
        List<String> codings = new ArrayList<>(2);
        boolean transferEncoding = false;
        for (Header header : headers) {
            if (header.is("Host")) {
                hosts++;
                host = header.value();
            } else if (header.is("Content-Length")) {
                lengths++;
                contentLength = header.value();
            } else if (header.is("Transfer-Encoding")) {
                transferEncoding = true;
                for (String coding : header.value().split(",")) {
                    String name = coding.strip();
                    if (!name.isEmpty()) {
                        codings.add(name.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        if (version == HttpVersion.HTTP_1_1 && hosts == 0) {
            return refused(Status.BAD_REQUEST, "HTTP/1.1 request without a Host header");
        }
        if (hosts > 1) {
            return refused(Status.BAD_REQUEST, "more than one Host header");
        }
        if (hosts == 1 && (host.isEmpty() ? originForm : !HttpSyntax.isHostValue(host))) {
            return refused(Status.BAD_REQUEST, "Host is not host[:port]");
        }
        if (transferEncoding && codings.isEmpty()) {
            // RFC 9112 6.1: transfer-coding is 1#, so an empty value frames nothing we can agree on.
            return refused(Status.BAD_REQUEST, "Transfer-Encoding without a coding");
        }
        boolean encoded = !codings.isEmpty();
        if (lengths > 1) {
            return refused(Status.BAD_REQUEST, "more than one Content-Length header");
        }
        if (lengths == 1 && encoded) {
            return refused(Status.BAD_REQUEST, "Content-Length together with Transfer-Encoding");
        }
        if (encoded) {
            if (!codings.getLast().equals("chunked") || codings.indexOf("chunked") != codings.size() - 1) {
                return refused(Status.BAD_REQUEST, "Transfer-Encoding must end with chunked, applied once");
            }
            if (codings.size() > 1) {
                return refused(Status.NOT_IMPLEMENTED, "only the chunked transfer coding is supported");
            }
            if (version == HttpVersion.HTTP_1_0) {
                return refused(Status.BAD_REQUEST, "Transfer-Encoding in an HTTP/1.0 request");
            }
            return new WithBody(new ChunkedBody(limits, lines, headerBytes));
        }
        if (lengths == 1) {
            long length = DecimalNumber.parse(contentLength);
            if (length < 0) {
                return refused(Status.BAD_REQUEST, "Content-Length is not a number");
            }
            if (length > limits.maxBodyBytes()) {
                return refused(Status.CONTENT_TOO_LARGE, "request body larger than " + limits.maxBodyBytes() + " bytes");
            }
            if (length > 0) {
                return new WithBody(new RequestBody.FixedLength(length));
            }
        }
        return NO_BODY;
    }

    private static Framing refused(Status status, String message) {
        return new Refused(new Refusal(status, message));
    }
}
