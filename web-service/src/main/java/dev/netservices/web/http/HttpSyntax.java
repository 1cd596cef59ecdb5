package dev.netservices.web.http;

/** The character classes of RFC 9110 5.6.2 (tokens) and 5.5 (field values), each rule written once. */
final class HttpSyntax {

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

    static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
