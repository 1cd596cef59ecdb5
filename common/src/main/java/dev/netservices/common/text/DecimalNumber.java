package dev.netservices.common.text;

/**
 * Parses the unsigned decimal numbers that protocols put on the wire (byte counts, lengths, offsets).
 *
 * <p>At most {@value #MAX_DIGITS} digits are taken, so the value always fits a {@code long} and no
 * client can make us overflow; a longer number is refused like a malformed one. Only ASCII digits count
 * ({@link Character#isDigit} would also accept, say, Arabic-Indic digits), and no sign, space or
 * leading {@code +} is allowed.
 */
public final class DecimalNumber {

    /** Digits accepted: 18 nines is below {@link Long#MAX_VALUE}. */
    public static final int MAX_DIGITS = 18;

    private DecimalNumber() {
    }

    /** The value of {@code text}, or -1 when it is empty, has a non-digit, or more than {@value #MAX_DIGITS} digits. */
    public static long parse(CharSequence text) {
        return parse(text, 0, text.length());
    }

    /** The value of {@code text[from, to)}, or -1 as {@link #parse(CharSequence)}. */
    public static long parse(CharSequence text, int from, int to) {
        int length = to - from;
        if (length <= 0 || length > MAX_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
