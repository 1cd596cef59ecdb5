package dev.netservices.chat.room;

/**
 * The one rule for text that members read, from a datagram, from the admin or relayed from another node: a single
 * line, so no control character but tab, and no invisible format character (Unicode Cf) but the zero-width joiner.
 * A newline inside a message would let its sender print a line that looks like someone else's; a bidi override
 * (U+202E) or isolate reorders the rest of the line as the terminal shows it, so "alice : hi" can be made to read as
 * another member's words. The zero-width joiner stays allowed: emoji sequences (👩‍💻) are made with it, and it
 * reorders nothing.
 */
public final class OneLine {

    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private OneLine() {
    }

    /** Whether {@code text} keeps the rule. */
    public static boolean allows(CharSequence text) {
        return problem(text) == null;
    }

    /** What breaks the rule in {@code text}: {@code control-char} or {@code format-char}, or null when nothing does. */
    public static String problem(CharSequence text) {
        boolean format = false;
        // One loop, no stream: every line said runs this (and every relayed line on the other nodes). A surrogate
        // pair's halves are never control characters, and Character.getType of a whole code point decides format.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c < 0x20 && c != '\t' || c == 0x7F) {
                    return "control-char";
                }
                continue;
            }
            if (Character.isISOControl(c)) {
                return "control-char";
            }
            int codePoint = c;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                codePoint = Character.toCodePoint(c, text.charAt(i + 1));
            }
            format |= Character.getType(codePoint) == Character.FORMAT && codePoint != ZERO_WIDTH_JOINER;
        }
        return format ? "format-char" : null;
    }

    /** The first format character in {@code text} as {@code U+202E}, for a reply that names it. */
    static String firstFormatCharacter(CharSequence text) {
        return text.codePoints().filter(c -> Character.getType(c) == Character.FORMAT && c != ZERO_WIDTH_JOINER)
                .mapToObj("U+%04X"::formatted).findFirst().orElse("");
    }
}
