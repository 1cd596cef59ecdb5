package dev.netservices.web.accesslog;

import java.util.concurrent.TimeUnit;

import dev.netservices.common.text.JsonString;

import dev.netservices.web.reactor.Exchange;

/**
 * One JSON object per exchange: {@code time} (ISO-8601, UTC), {@code remoteAddress}, {@code method},
 * {@code target}, {@code protocol} (null where no request line was read), {@code status}, {@code bytes},
 * {@code referer}, {@code userAgent} (null when absent) and {@code durationMillis}. Written by hand (a few
 * fields, all escaped) so the log thread needs no object mapper.
 */
public final class JsonLogFormat implements AccessLogFormat {

    @Override
    public String format(Exchange exchange) {
        String[] parts = requestLineParts(exchange.requestLine());
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "time", exchange.time().toString()).append(',');
        field(json, "remoteAddress", exchange.remoteAddress()).append(',');
        field(json, "method", parts[0]).append(',');
        field(json, "target", parts[1]).append(',');
        field(json, "protocol", parts[2]).append(',');
        json.append("\"status\":").append(exchange.status()).append(',');
        json.append("\"bytes\":").append(exchange.bodyBytes()).append(',');
        field(json, "referer", exchange.referer()).append(',');
        field(json, "userAgent", exchange.userAgent()).append(',');
        json.append("\"durationMillis\":").append(TimeUnit.NANOSECONDS.toMicros(exchange.durationNanos()) / 1000.0);
        return json.append('}').toString();
    }

    // method, target, protocol; a request line cut short (408, 400) keeps what was read, the rest null
    private static String[] requestLineParts(String requestLine) {
        if (requestLine == null || requestLine.equals("-")) {
            return new String[3];
        }
        String[] split = requestLine.split(" ", 3);
        return new String[] {split[0], split.length > 1 ? split[1] : null, split.length > 2 ? split[2] : null};
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        return JsonString.append(json.append('"').append(name).append("\":"), value);
    }
}
