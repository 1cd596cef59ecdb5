package dev.netservices.web.files;

import java.time.Instant;

import dev.netservices.web.http.HttpDate;

/** The conditional-request comparisons of RFC 9110 section 13. */
final class Conditions {

    private Conditions() {
    }

    /** If-None-Match uses the weak comparison: W/"x" matches "x". True means "answer 304". */
    static boolean noneMatchFails(String ifNoneMatch, String etag) {
        String value = ifNoneMatch.trim();
        if (value.equals("*")) {
            return true;
        }
        for (String candidate : value.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** If-Range: a strong ETag must match exactly, a date must equal Last-Modified; else the whole file is sent. */
    static boolean ifRangeHolds(String ifRange, String etag, Instant lastModified, HttpDate dates) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"")) {
            return value.equals(etag);
        }
        if (value.startsWith("W/")) {
            return false;
        }
        Instant date = dates.parse(value);
        return date != null && date.equals(lastModified);
    }
}
