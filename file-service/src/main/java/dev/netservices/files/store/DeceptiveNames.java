package dev.netservices.files.store;

import java.util.Set;

/**
 * Names that would show a reader something other than what they are: text that reverses or hides
 * itself (bidi controls, zero-width characters, the BOM, tag characters, all of Unicode's format
 * class), code points with no agreed glyph (noncharacters, unassigned, private use), spaces that are
 * not a plain space, and look-alikes of {@code /}, {@code \} and {@code .} that make a name read as a
 * path or a second extension. They are refused, never stripped: a name is stored exactly as sent or
 * not at all.
 *
 * <p>The rule is the file service's own for now; should another service need it, it moves to common.
 */
final class DeceptiveNames {

    private static final Set<Integer> SEPARATOR_AND_DOT_LOOKALIKES = Set.of(
            0xFF0F, // FULLWIDTH SOLIDUS
            0x2215, // DIVISION SLASH
            0x2044, // FRACTION SLASH
            0x29F8, // BIG SOLIDUS
            0x29F5, // REVERSE SOLIDUS OPERATOR
            0x29F9, // BIG REVERSE SOLIDUS
            0x2216, // SET MINUS
            0xFE68, // SMALL REVERSE SOLIDUS
            0xFF3C, // FULLWIDTH REVERSE SOLIDUS
            0x2024, // ONE DOT LEADER
            0x2025, // TWO DOT LEADER
            0x2026, // HORIZONTAL ELLIPSIS
            0xFE52, // SMALL FULL STOP
            0xFF0E); // FULLWIDTH FULL STOP

    private DeceptiveNames() {
    }

    /** Why {@code name} (already in NFC) is refused, or null when it is fine. */
    static String reason(String name) {
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            String why = reason(cp);
            if (why != null) {
                return "name contains %s (U+%04X)".formatted(why, cp);
            }
        }
        return null;
    }

    private static String reason(int cp) {
        if (SEPARATOR_AND_DOT_LOOKALIKES.contains(cp)) {
            return "a look-alike of / \\ or .";
        }
        if ((cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF)) {
            return "a noncharacter";
        }
        return switch (Character.getType(cp)) {
            case Character.FORMAT -> "a format character";
            case Character.PRIVATE_USE -> "a private-use character";
            case Character.UNASSIGNED -> "an unassigned code point";
            case Character.SPACE_SEPARATOR -> cp == ' ' ? null : "a space other than U+0020";
            default -> null;
        };
    }
}
