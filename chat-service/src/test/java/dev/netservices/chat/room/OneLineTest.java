package dev.netservices.chat.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OneLineTest {

    /** Each text with escapes (\\u and four hex digits; \\U and six for a supplementary code point), and what the rule says of it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "ok", value = {
            "alice : hi|ok",
            "tab\\u0009inside|ok",
            "bell\\u0007|control-char",
            "delete\\u007f|control-char",
            "next line\\u0085|control-char",
            "caf\\u00e9 \\u4f60\\u597d|ok",
            "emoji \\U01F469\\u200d\\U01F4BB|ok",
            "bidi \\u202eevil|format-char",
            "zero width \\u200bspace|format-char",
            "language tag \\U0E0001|format-char",
            "\\u202e format then control \\u0001|control-char",
            "lone surrogate \\ud800 x|ok",
    })
    void controlAndFormatCharactersAreFoundAnywhereAndControlWins(String escaped, String problem) {
        assertThat(OneLine.problem(unescape(escaped))).isEqualTo(problem);
    }

    private static String unescape(String escaped) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            if (escaped.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(escaped.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (escaped.startsWith("\\U", i)) {
                out.appendCodePoint(Integer.parseInt(escaped.substring(i + 2, i + 8), 16));
                i += 7;
            } else {
                out.append(escaped.charAt(i));
            }
        }
        return out.toString();
    }
}
