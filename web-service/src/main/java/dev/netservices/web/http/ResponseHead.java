package dev.netservices.web.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes a status line and header block: the response's own headers plus the framing ones we own. */
public final class ResponseHead {

    public static final String SERVER = "netservices-web";

    private ResponseHead() {
    }

    public static ByteBuffer encode(Response response, String date, Persistence persistence) {
        StringBuilder head = new StringBuilder(256);
        Status status = response.status();
        head.append("HTTP/1.1 ").append(status.code()).append(' ').append(status.reason()).append("\r\n");
        head.append("Server: ").append(SERVER).append("\r\n");
        head.append("Date: ").append(date).append("\r\n");
        for (Header header : response.headers()) {
            head.append(header.name()).append(": ").append(header.value()).append("\r\n");
        }
        if (status.allowsBody()) {
            head.append("Content-Length: ").append(response.body().length()).append("\r\n");
        }
        head.append(persistence.headerLine()).append("\r\n");
        return ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
