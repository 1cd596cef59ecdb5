package dev.netservices.web.http;

import java.util.List;
import java.util.Locale;

/**
 * A parsed request head. The body, if any, has already been read and discarded by the parser.
 *
 * @param method  as sent (methods are case-sensitive)
 * @param target  the request-target as sent: origin-form {@code /a/b?q}, absolute-form, or {@code *}
 * @param version HTTP/1.0 or HTTP/1.1
 * @param headers in the order received
 */
public record Request(String method, String target, HttpVersion version, List<Header> headers) {

    public Request {
        headers = List.copyOf(headers);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        for (Header header : headers) {
            if (header.is(name)) {
                return header.value();
            }
        }
        return null;
    }

    /** HTTP/1.1 keeps the connection unless told {@code close}; HTTP/1.0 only when asked {@code keep-alive}. */
    public boolean keepAlive() {
        boolean close = false;
        boolean keepAlive = false;
        for (Header header : headers) {
            if (header.is("Connection")) {
                for (String token : header.value().split(",")) {
                    String t = token.trim().toLowerCase(Locale.ROOT);
                    close |= t.equals("close");
                    keepAlive |= t.equals("keep-alive");
                }
            }
        }
        if (close) {
            return false;
        }
        return version == HttpVersion.HTTP_1_1 || keepAlive;
    }

    public boolean isHead() {
        return method.equals("HEAD");
    }

    /** The path part of the target, still percent-encoded; an absolute-form target loses scheme and authority. */
    public String rawPath() {
        String t = target;
        if (!t.startsWith("/")) {
            int scheme = t.indexOf("://");
            if (scheme < 0) {
                return t;
            }
            int slash = t.indexOf('/', scheme + 3);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        int query = t.indexOf('?');
        return query < 0 ? t : t.substring(0, query);
    }

    /** The query, with its '?', or "". */
    public String rawQuery() {
        int query = target.indexOf('?');
        return query < 0 ? "" : target.substring(query);
    }

    public String requestLine() {
        return method + " " + target + " " + version.text();
    }
}
