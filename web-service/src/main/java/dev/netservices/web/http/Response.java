package dev.netservices.web.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A response before it is written. Content-Length, Date, Server and Connection are added by the writer
 * ({@link ResponseHead}); everything else is in {@code headers}.
 */
public record Response(Status status, List<Header> headers, Body body) {

    public Response {
        headers = List.copyOf(headers);
    }

    public static Response of(Status status, String contentType, byte[] content, Header... extra) {
        List<Header> headers = new ArrayList<>(extra.length + 1);
        headers.add(new Header("Content-Type", contentType));
        headers.addAll(List.of(extra));
        return new Response(status, headers, new Body.Bytes(ByteBuffer.wrap(content).asReadOnlyBuffer()));
    }

    /** A short plain-text error that names the rule or limit broken. */
    public static Response error(Status status, String message, Header... extra) {
        String text = status.code() + " " + status.reason() + ": " + message + "\n";
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), extra);
    }

    public String header(String name) {
        for (Header header : headers) {
            if (header.is(name)) {
                return header.value();
            }
        }
        return null;
    }
}
