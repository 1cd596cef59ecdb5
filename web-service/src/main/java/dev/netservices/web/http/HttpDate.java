package dev.netservices.web.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the only date format HTTP senders may use. */
public final class HttpDate {

    // RFC_1123_DATE_TIME would print "6 Nov": HTTP wants two digits.
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDate() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** The instant, or null when the text is not an IMF-fixdate (the header is then ignored, RFC 9110 13.1.3). */
    public static Instant parse(String text) {
        try {
            return ZonedDateTime.parse(text, FORMAT).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
