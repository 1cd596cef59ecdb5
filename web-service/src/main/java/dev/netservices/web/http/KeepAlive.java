package dev.netservices.web.http;

/**
 * What a response says about its connection (RFC 9112 9.3): HTTP/1.1 stays open unless told otherwise,
 * while an HTTP/1.0 client that asked for keep-alive must hear that it was granted.
 */
public enum KeepAlive {
    CLOSE("Connection: close\r\n"),
    OPEN(""),
    OPEN_HTTP_1_0("Connection: keep-alive\r\n");

    private final String headerLine;

    KeepAlive(String headerLine) {
        this.headerLine = headerLine;
    }

    /** The Connection header line this needs in the response, or "" when none. */
    String headerLine() {
        return headerLine;
    }

    public boolean keepsOpen() {
        return this != CLOSE;
    }
}
