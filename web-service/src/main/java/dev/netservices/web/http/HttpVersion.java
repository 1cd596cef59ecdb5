package dev.netservices.web.http;

/**
 * The versions we speak. A request line naming any other is answered 505 (or 400 when it is not a version at all);
 * HTTP/2 has no request line and arrives through its own engine.
 */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1"),
    /** Never parsed from a request line: the HTTP/2 engine makes requests of this version. */
    HTTP_2_0("HTTP/2.0");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The version written in {@code bytes[from, to)}, or null when it is not one we speak. */
    static HttpVersion parse(byte[] bytes, int from, int to) {
        if (to - from != 8 || !isWellFormed(bytes, from, to) || bytes[from + 5] != '1') {
            return null;
        }
        return switch (bytes[from + 7]) {
            case '1' -> HTTP_1_1;
            case '0' -> HTTP_1_0;
            default -> null;
        };
    }

    /**
     * {@code HTTP/DIGIT.DIGIT} exactly (RFC 9112 2.3): a version, even if not one we speak (505); anything
     * else in that place is not a version at all (400).
     */
    static boolean isWellFormed(byte[] bytes, int from, int to) {
        return to - from == 8 && bytes[from] == 'H' && bytes[from + 1] == 'T' && bytes[from + 2] == 'T'
                && bytes[from + 3] == 'P' && bytes[from + 4] == '/' && isDigit(bytes[from + 5])
                && bytes[from + 6] == '.' && isDigit(bytes[from + 7]);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
