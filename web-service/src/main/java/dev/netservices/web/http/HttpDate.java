package dev.netservices.web.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.netservices.common.time.ServiceClock;

/**
 * HTTP dates (RFC 9110 5.6.7) on the service clock. We send only IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT");
 * as a recipient we also accept the two obsolete forms a client may still send in If-Modified-Since and
 * If-Range: RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994").
 *
 * <p>{@link #now()} is on every response's path, so the Date text is formatted once a second and then
 * shared: a stamp is an immutable record, so threads that race to replace it each see a whole one (final
 * fields), and the worst a race costs is one extra formatting.
 */
public final class HttpDate {

    // RFC_1123_DATE_TIME would print "6 Nov": HTTP wants two digits. STRICT: the default (SMART) reads
    // "Sun, 31 Feb 2027" as Feb 28 (a Sunday), where a date that does not exist is no date and is ignored.
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern RFC_850 = Pattern.compile(
            "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-([A-Za-z]{3})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT");
    private static final Pattern ASCTIME = Pattern.compile(
            "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Za-z]{3}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})");
    private static final List<String> MONTHS =
            List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    private record Stamp(long second, String text) {
    }

    private final ServiceClock clock;
    private Stamp stamp = new Stamp(Long.MIN_VALUE, "");

    public HttpDate(ServiceClock clock) {
        this.clock = clock;
    }

    /** The Date header's value for the clock's current second. */
    public String now() {
        long second = Math.floorDiv(clock.currentTimeMillis(), 1000);
        Stamp current = stamp;
        if (current.second() != second) {
            current = new Stamp(second, format(Instant.ofEpochSecond(second)));
            stamp = current;
        }
        return current.text();
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** The instant, or null when the text is no HTTP date (the header is then ignored, RFC 9110 13.1.3). */
    public Instant parse(String text) {
        try {
            return ZonedDateTime.parse(text, FORMAT).toInstant();
        } catch (DateTimeParseException e) {
            return parseObsolete(text, clock.now());
        }
    }

    /** @param now for RFC 850's two-digit year: one more than 50 years ahead of now is in the past century */
    static Instant parseObsolete(String text, Instant now) {
        try {
            Matcher rfc850 = RFC_850.matcher(text);
            if (rfc850.matches()) {
                int thisYear = now.atZone(ZoneOffset.UTC).getYear();
                int year = thisYear - thisYear % 100 + Integer.parseInt(rfc850.group(3));
                if (year > thisYear + 50) {
                    year -= 100;
                }
                return instant(year, rfc850.group(2), rfc850.group(1).strip(), rfc850.group(4), rfc850.group(5),
                        rfc850.group(6));
            }
            Matcher asctime = ASCTIME.matcher(text);
            if (asctime.matches()) {
                return instant(Integer.parseInt(asctime.group(6)), asctime.group(1), asctime.group(2).strip(),
                        asctime.group(3), asctime.group(4), asctime.group(5));
            }
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static Instant instant(int year, String month, String day, String hour, String minute, String second) {
        int monthNumber = MONTHS.indexOf(month) + 1;
        if (monthNumber == 0) {
            return null;
        }
        return LocalDateTime.of(year, monthNumber, Integer.parseInt(day), Integer.parseInt(hour),
                Integer.parseInt(minute), Integer.parseInt(second)).toInstant(ZoneOffset.UTC);
    }
}
