package dev.netservices.web.http;

/** The character classes of RFC 9110 5.6.2 (tokens) and 5.5 (field values), each rule written once. */
public final class HttpSyntax {

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HttpSyntax() {
    }

    /** A character allowed in a token: a method, a header name, a chunk-extension name. */
    static boolean isTchar(byte c) {
        return c > 0 && TCHAR[c];
    }

    /** True when {@code bytes[from, to)} holds a control character other than tab (field values, chunk extensions). */
    static boolean hasControlCharacter(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = bytes[i] & 0xff;
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /**
     * A Host field value (RFC 9110 7.2): {@code uri-host [":" port]} where uri-host is an IP-literal in
     * brackets, or a reg-name / IPv4address of unreserved, percent-encoded and sub-delim characters. No
     * userinfo, no path. An empty value is not judged here.
     */
    public static boolean isHostValue(String value) {
        int i = 0;
        int length = value.length();
        if (length > 0 && value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (int j = 1; j < close; j++) {
                char c = value.charAt(j);
                if (!(isAlphaNumeric(c) || c == ':' || c == '.')) {
                    return false;
                }
            }
            i = close + 1;
        } else {
            while (i < length && value.charAt(i) != ':') {
                char c = value.charAt(i);
                if (c == '%') {
                    if (i + 2 >= length || Character.digit(value.charAt(i + 1), 16) < 0
                            || Character.digit(value.charAt(i + 2), 16) < 0) {
                        return false;
                    }
                    i += 2;
                } else if (!(isAlphaNumeric(c) || "-._~!$&'()*+,;=".indexOf(c) >= 0)) {
                    return false;
                }
                i++;
            }
            if (i == 0) {
                return false;
            }
        }
        if (i == length) {
            return true;
        }
        if (value.charAt(i) != ':') {
            return false;
        }
        for (int j = i + 1; j < length; j++) {
            if (value.charAt(j) < '0' || value.charAt(j) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Chunk extensions after a chunk size (RFC 9112 7.1.1): {@code *( BWS ";" BWS name [ BWS "=" BWS
     * ( token / quoted-string ) ] )}, on {@code line[from, to)}.
     */
    static boolean isChunkExtensions(byte[] line, int from, int to) {
        // BWS is allowed only before a ";" or an "=": "5 " or "5;a=b " end in whitespace the grammar has no
        // place for, and a parser that strips it disagrees with one that does not (RFC 9112 7.1).
        int i = from;
        while (i < to) {
            i = skipWhitespace(line, i, to);
            if (i == to || line[i] != ';') {
                return false;
            }
            i = skipWhitespace(line, i + 1, to);
            int name = i;
            while (i < to && isTchar(line[i])) {
                i++;
            }
            if (i == name) {
                return false;
            }
            int afterName = i;
            i = skipWhitespace(line, i, to);
            if (i < to && line[i] == '=') {
                i = skipWhitespace(line, i + 1, to);
                i = i < to && line[i] == '"' ? quotedStringEnd(line, i, to) : tokenEnd(line, i, to);
                if (i < 0) {
                    return false;
                }
            } else {
                i = afterName;
            }
        }
        return true;
    }

    private static int tokenEnd(byte[] line, int from, int to) {
        int i = from;
        while (i < to && isTchar(line[i])) {
            i++;
        }
        return i == from ? -1 : i;
    }

    /** The index after the closing quote of the quoted-string at {@code from}, or -1. */
    private static int quotedStringEnd(byte[] line, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int c = line[i] & 0xff;
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i++;
                if (i >= to || hasControlCharacter(line, i, i + 1)) {
                    return -1;
                }
            } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return -1;
            }
        }
        return -1;
    }

    private static int skipWhitespace(byte[] line, int from, int to) {
        int i = from;
        while (i < to && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isAlphaNumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
