package dev.netservices.common.text;

/**
 * A string written as a JSON string literal (RFC 8259) into a line being built by hand: the files transfer log and
 * the web access log write a few flat fields per line on their log threads, where an object mapper is more than
 * they need. Escaped beyond what JSON requires, so that a line stays one line and safe to paste: DEL, U+2028 and
 * U+2029 (line ends to JavaScript and some viewers), and a surrogate without its pair (it would otherwise become
 * {@code ?} on the way to UTF-8, losing what the client sent).
 */
public final class JsonString {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonString() {
    }

    /** Appends {@code value} quoted and escaped, or {@code null} unquoted when it is null. */
    public static StringBuilder append(StringBuilder json, String value) {
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029 || unpaired(value, i)) {
                        json.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    private static boolean unpaired(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)));
    }
}
