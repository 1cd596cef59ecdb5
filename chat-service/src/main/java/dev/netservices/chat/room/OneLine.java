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
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                return "control-char";
            }
        }
        return text.codePoints().anyMatch(c -> Character.getType(c) == Character.FORMAT && c != ZERO_WIDTH_JOINER)
                ? "format-char" : null;
    }

    /** The first format character in {@code text} as {@code U+202E}, for a reply that names it. */
    static String firstFormatCharacter(CharSequence text) {
        return text.codePoints().filter(c -> Character.getType(c) == Character.FORMAT && c != ZERO_WIDTH_JOINER)
                .mapToObj("U+%04X"::formatted).findFirst().orElse("");
    }
}
