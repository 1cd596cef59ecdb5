package dev.netservices.web.accesslog;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.netservices.web.reactor.Exchange;

/** {@code host ident authuser [date] "request line" status bytes}, as NCSA httpd wrote it. */
public final class CommonLogFormat {

    private final DateTimeFormatter dates;

    public CommonLogFormat(ZoneId zone) {
        this.dates = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(zone);
    }

    public String format(Exchange exchange) {
        // The request line is client text: quotes and backslashes are escaped so a line cannot be forged.
        String line = exchange.requestLine().replace("\\", "\\\\").replace("\"", "\\\"");
        return exchange.remoteAddress() + " - - [" + dates.format(exchange.time()) + "] \"" + line + "\" "
                + exchange.status() + " " + (exchange.bodyBytes() == 0 ? "-" : Long.toString(exchange.bodyBytes()));
    }
}
