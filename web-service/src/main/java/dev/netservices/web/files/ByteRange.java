package dev.netservices.web.files;

import dev.netservices.common.text.DecimalNumber;

/** A single byte range of a Range header (RFC 9110 14.1), resolved against a file's size. */
sealed interface ByteRange {

    /** Bytes {@code first} to {@code last}, both included. */
    record Satisfiable(long first, long last) implements ByteRange {
        long length() {
            return last - first + 1;
        }
    }

    /** Syntactically fine, but no byte of the file is in it: 416. */
    record Unsatisfiable() implements ByteRange {
    }

    /** Not a single byte range we serve (malformed, other unit, several ranges): the whole file, 200. */
    record Ignored() implements ByteRange {
    }

    static ByteRange parse(String header, long size) {
        if (!header.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Ignored();
        }
        String spec = header.substring(6).trim();
        if (spec.indexOf(',') >= 0) {
            return new Ignored();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Ignored();
        }
        long first = number(spec.substring(0, dash).trim());
        long last = number(spec.substring(dash + 1).trim());
        boolean firstGiven = dash > 0;
        boolean lastGiven = dash < spec.length() - 1;
        if ((firstGiven && first < 0) || (lastGiven && last < 0) || (!firstGiven && !lastGiven)) {
            return new Ignored();
        }
        if (!firstGiven) {
            // "-N": the last N bytes
            if (last == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Satisfiable(Math.max(0, size - last), size - 1);
        }
        if (lastGiven && last < first) {
            return new Ignored();
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        return new Satisfiable(first, lastGiven ? Math.min(last, size - 1) : size - 1);
    }

    private static long number(String digits) {
        return DecimalNumber.parse(digits);
    }
}
