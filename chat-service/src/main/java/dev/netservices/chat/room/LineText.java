package dev.netservices.chat.room;

import java.util.ArrayList;
import java.util.List;

/**
 * A text of the bundle said once per line ({@code chat.said}, {@code chat.private}), made without the message
 * source: its pattern taken apart once into literal pieces and the two arguments. Through the message source every
 * line looked up the bundle and ran a synchronized {@code MessageFormat}, which the profile of a line put above the
 * room's own work. Only a pattern of plain text and {@code {0}}/{@code {1}} is taken apart, and only when it makes
 * exactly what the message source makes; any other (quotes, formats) stays with the message source.
 */
final class LineText {

    private final RoomTexts texts;
    private final String key;
    /** Literal pieces and argument indexes (Integer) in order; null: ask the message source each time. */
    private final Object[] pieces;

    private LineText(RoomTexts texts, String key, Object[] pieces) {
        this.texts = texts;
        this.key = key;
        this.pieces = pieces;
    }

    static LineText of(RoomTexts texts, String key) {
        LineText plain = new LineText(texts, key, split(texts.text(key)));
        // The check that keeps it honest: the same words as the message source's for arguments that would show a
        // difference (a quote, a brace, a placeholder), else the message source it is.
        String name = "a'b{0}";
        String line = "{1} 'x' }";
        boolean same = plain.pieces != null && plain.with(name, line).equals(texts.text(key, name, line));
        return same ? plain : new LineText(texts, key, null);
    }

    String with(String first, String second) {
        if (pieces == null) {
            return texts.text(key, first, second);
        }
        StringBuilder out = new StringBuilder(first.length() + second.length() + 16);
        for (Object piece : pieces) {
            if (piece instanceof Integer argument) {
                out.append(argument == 0 ? first : second);
            } else {
                out.append((String) piece);
            }
        }
        return out.toString();
    }

    /** The pattern's pieces, or null when it holds anything but plain text, {@code {0}} and {@code {1}}. */
    private static Object[] split(String pattern) {
        if (pattern == null || pattern.indexOf('\'') >= 0) {
            return null;
        }
        List<Object> pieces = new ArrayList<>();
        int from = 0;
        while (from < pattern.length()) {
            int open = pattern.indexOf('{', from);
            if (open < 0) {
                pieces.add(pattern.substring(from));
                break;
            }
            if (pattern.startsWith("{0}", open) || pattern.startsWith("{1}", open)) {
                if (open > from) {
                    pieces.add(pattern.substring(from, open));
                }
                pieces.add(pattern.charAt(open + 1) - '0');
                from = open + 3;
            } else {
                return null;
            }
        }
        return pieces.stream().anyMatch(piece -> piece instanceof String literal && literal.indexOf('}') >= 0) ? null : pieces.toArray();
    }
}
