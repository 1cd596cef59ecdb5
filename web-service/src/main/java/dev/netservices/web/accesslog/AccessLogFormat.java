package dev.netservices.web.accesslog;

import dev.netservices.web.reactor.Exchange;

/** One access log line for one exchange ({@code web.access-log.format}). */
public interface AccessLogFormat {

    String format(Exchange exchange);

    /** The formats {@code web.access-log.format} names. */
    enum Name {
        /** NCSA combined: Common Log Format plus the quoted referer and user agent. */
        COMBINED,
        /** One JSON object per line, for a log pipeline that parses fields rather than a pattern. */
        JSON
    }
}
