package dev.netservices.web.http2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.netservices.web.hpack.HeaderField;
import dev.netservices.web.http.Header;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.ResponseHead;

/**
 * The header list of a response over HTTP/2: {@code :status}, then what {@link ResponseHead} adds over
 * HTTP/1.1 (server, date, content-length), then the handler's fields with lowercase names. Fields that only
 * mean something to an HTTP/1.1 connection are left out (RFC 9113 8.2.2).
 */
final class ResponseFields {

    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");
    private static final HeaderField SERVER = new HeaderField("server", ResponseHead.SERVER);

    private ResponseFields() {
    }

    static List<HeaderField> of(Response response, String date) {
        List<HeaderField> fields = new ArrayList<>(response.headers().size() + 4);
        fields.add(new HeaderField(":status", Integer.toString(response.status().code())));
        fields.add(SERVER);
        fields.add(new HeaderField("date", date));
        for (Header header : response.headers()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (!CONNECTION_SPECIFIC.contains(name)) {
                fields.add(new HeaderField(name, header.value()));
            }
        }
        if (response.status().allowsBody()) {
            fields.add(new HeaderField("content-length", Long.toString(response.body().length())));
        }
        return fields;
    }
}
