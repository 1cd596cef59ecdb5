package dev.netservices.web.accesslog;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.netservices.web.reactor.Exchange;

/**
 * {@code host ident authuser [date] "request line" status bytes "referer" "user agent"}: NCSA combined, as
 * Apache's and nginx's default access logs write it, so the usual log tools read it.
 */
public final class CombinedLogFormat implements AccessLogFormat {

    private final DateTimeFormatter dates;

    public CombinedLogFormat(ZoneId zone) {
        this.dates = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(zone);
    }

    @Override
    public String format(Exchange exchange) {
        return exchange.remoteAddress() + " - - [" + dates.format(exchange.time()) + "] " + quoted(exchange.requestLine())
                + " " + exchange.status() + " " + (exchange.bodyBytes() == 0 ? "-" : Long.toString(exchange.bodyBytes()))
                + " " + quoted(exchange.referer()) + " " + quoted(exchange.userAgent());
    }

    // Client text: quotes and backslashes are escaped so a line cannot be forged; absent is "-", as Apache writes it.
    private static String quoted(String text) {
        return "\"" + (text == null ? "-" : text.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
    }
}
