package dev.netservices.web.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.netservices.common.text.DecimalNumber;

/** The byte ranges of a Range header (RFC 9110 14.1-14.2), resolved against a file's size. */
sealed interface ByteRange {

    /** More ranges than this in one header: the header is ignored and the whole file sent. */
    int MAX_RANGES = 16;

    /** Bytes {@code first} to {@code last}, both included. */
    record Satisfiable(long first, long last) implements ByteRange {
        long length() {
            return last - first + 1;
        }
    }

    /** Two or more ranges, sorted, with overlapping and adjacent ones merged: a multipart/byteranges answer. */
    record Several(List<Satisfiable> parts) implements ByteRange {
    }

    /** Syntactically fine, but no byte of the file is in any range: 416. */
    record Unsatisfiable() implements ByteRange {
    }

    /** Not byte ranges we serve (malformed, other unit, too many): the whole file, 200. */
    record Ignored() implements ByteRange {
    }

    static ByteRange parse(String header, long size) {
        if (!header.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Ignored();
        }
        List<Satisfiable> parts = new ArrayList<>();
        int specs = 0;
        for (String element : header.substring(6).split(",", -1)) {
            String spec = element.trim();
            if (spec.isEmpty()) {
                continue; // an empty list element (RFC 9110 5.6.1)
            }
            if (++specs > MAX_RANGES) {
                return new Ignored();
            }
            ByteRange one = single(spec, size);
            if (one instanceof Ignored) {
                return one;
            }
            if (one instanceof Satisfiable part) {
                parts.add(part);
            }
        }
        if (specs == 0) {
            return new Ignored();
        }
        if (parts.isEmpty()) {
            return new Unsatisfiable();
        }
        List<Satisfiable> merged = merge(parts);
        return merged.size() == 1 ? merged.getFirst() : new Several(merged);
    }

    /** Sorted by start, overlapping or touching ranges joined (RFC 9110 14.2 lets a server coalesce them). */
    private static List<Satisfiable> merge(List<Satisfiable> parts) {
        List<Satisfiable> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingLong(Satisfiable::first));
        List<Satisfiable> merged = new ArrayList<>(sorted.size());
        for (Satisfiable part : sorted) {
            Satisfiable last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && part.first() <= last.last() + 1) {
                merged.set(merged.size() - 1, new Satisfiable(last.first(), Math.max(last.last(), part.last())));
            } else {
                merged.add(part);
            }
        }
        return merged;
    }

    /**
     * A byte position or suffix length: -1 when it is no number; {@link Long#MAX_VALUE} for one of more digits than
     * {@link DecimalNumber} takes, which no file reaches, so that {@code bytes=0-99999999999999999999} is the whole
     * file as a 206 and {@code bytes=99999999999999999999-} a 416 (RFC 9110 14.1.1 puts no bound on the digits).
     */
    private static long position(String digits) {
        if (digits.length() > DecimalNumber.MAX_DIGITS && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.MAX_VALUE;
        }
        return DecimalNumber.parse(digits);
    }

    private static ByteRange single(String spec, long size) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Ignored();
        }
        long first = position(spec.substring(0, dash).trim());
        long last = position(spec.substring(dash + 1).trim());
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
}
