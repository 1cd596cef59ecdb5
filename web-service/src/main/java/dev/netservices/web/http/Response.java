package dev.netservices.web.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.web.util.HtmlUtils;

/**
 * A response before it is written. Content-Length, Date, Server and Connection are added by the writer
 * ({@link ResponseHead}); everything else is in {@code headers}.
 *
 * @param problem for an error, the message naming the rule or limit broken (else null); lets the same
 *                error be given as a page or, to a client that asks for text, as one plain line
 */
public record Response(Status status, List<Header> headers, Body body, String problem) {

    private static final String HTML = "text/html; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    public Response {
        headers = List.copyOf(headers);
    }

    public Response(Status status, List<Header> headers, Body body) {
        this(status, headers, body, null);
    }

    public static Response of(Status status, String contentType, byte[] content, Header... extra) {
        return new Response(status, headers(contentType, extra), bytes(content), null);
    }

    /** An error that names the rule or limit broken: a small HTML page (see {@link #asText()} for plain text). */
    public static Response error(Status status, String message, Header... extra) {
        String title = status.code() + " " + status.reason();
        String html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>\n"
                + "<body><h1>" + title + "</h1>\n<p>" + HtmlUtils.htmlEscape(message, "UTF-8") + "</p>\n<hr><p>"
                + ResponseHead.SERVER + "</p></body></html>\n";
        return new Response(status, headers(HTML, extra), bytes(html.getBytes(StandardCharsets.UTF_8)), message);
    }

    /** An error answered with a page of the site's own (its 404.html), still known as the error it is. */
    public static Response errorPage(Status status, String message, byte[] html) {
        return new Response(status, headers(HTML, new Header[0]), bytes(html), message);
    }

    /** The same error as one plain-text line, for clients that ask for text; any other response as it is. */
    public Response asText() {
        if (problem == null) {
            return this;
        }
        String text = status.code() + " " + status.reason() + ": " + problem + "\n";
        List<Header> plain = new ArrayList<>(headers.size());
        for (Header header : headers) {
            plain.add(header.is("Content-Type") ? new Header("Content-Type", TEXT) : header);
        }
        return new Response(status, plain, bytes(text.getBytes(StandardCharsets.UTF_8)), problem);
    }

    public String header(String name) {
        for (Header header : headers) {
            if (header.is(name)) {
                return header.value();
            }
        }
        return null;
    }

    private static List<Header> headers(String contentType, Header[] extra) {
        List<Header> headers = new ArrayList<>(extra.length + 1);
        headers.add(new Header("Content-Type", contentType));
        headers.addAll(List.of(extra));
        return headers;
    }

    private static Body bytes(byte[] content) {
        return new Body.Bytes(ByteBuffer.wrap(content).asReadOnlyBuffer());
    }
}
