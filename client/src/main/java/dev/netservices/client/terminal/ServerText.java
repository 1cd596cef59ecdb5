package dev.netservices.client.terminal;

import java.util.Locale;

/**
 * Text a server sent (a chat line, a file name, an {@code ERR} text, a greeting) made fit to print. A
 * terminal obeys what it prints: {@code ESC ]0;...} retitles the window, {@code ESC [2J} clears the screen,
 * a carriage return lets a line overwrite itself into someone else's, a newline fakes a line of its own,
 * bidi controls turn {@code exe.txt} round. So every character that is not shown as itself becomes a
 * visible escape, and a line is cut at {@value #MAX_SHOWN} characters, on a terminal and in a file alike:
 *
 * <pre>
 *   ESC                  \e
 *   CR LF TAB            \r \n \t
 *   other C0, DEL        \x07 \x7F           (two hex digits)
 *   C1 (U+0080-U+009F)   &#92;u009B
 *   format (Cf: bidi controls, zero-width joiners, BOM...), U+2028, U+2029, a lone surrogate
 *                        &#92;u202E, or &#92;u{E0001} above the BMP
 * </pre>
 *
 * A backslash the server sent stays as it is: it is harmless, and a chat line with a Windows path reads as
 * written. Past {@value #MAX_SHOWN} characters (an escape counts its own characters) the line ends with
 * {@code … (N more)}, N counting the server's characters left out.
 */
public final class ServerText {

    /** Characters of one server text shown, escapes included; enough for any line a person reads. */
    public static final int MAX_SHOWN = 4096;

    private ServerText() {
    }

    /** {@code text} as it is safe to print: every control and format character escaped, cut at {@value #MAX_SHOWN}. */
    public static String shown(String text) {
        StringBuilder shown = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 16);
        int characters = 0;
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            String escape = escape(codePoint);
            int width = escape == null ? 1 : escape.length();
            if (characters + width > MAX_SHOWN) {
                return shown.append("… (").append(text.codePointCount(i, text.length())).append(" more)").toString();
            }
            if (escape == null) {
                shown.appendCodePoint(codePoint);
            } else {
                shown.append(escape);
            }
            characters += width;
            i += Character.charCount(codePoint);
        }
        return shown.toString();
    }

    /** The escape for a character not shown as itself, or null when it is. */
    private static String escape(int codePoint) {
        switch (codePoint) {
            case 0x1B:
                return "\\e";
            case '\r':
                return "\\r";
            case '\n':
                return "\\n";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (codePoint < 0x20 || codePoint == 0x7F) {
            return String.format(Locale.ROOT, "\\x%02X", codePoint);
        }
        int type = Character.getType(codePoint);
        boolean hidden = (codePoint >= 0x80 && codePoint <= 0x9F) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
        if (!hidden) {
            return null;
        }
        return codePoint <= 0xFFFF ? String.format(Locale.ROOT, "\\u%04X", codePoint) : String.format(Locale.ROOT, "\\u{%X}", codePoint);
    }
}
