package dev.netservices.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class JsonStringTest {

    private static String quoted(String value) {
        return JsonString.append(new StringBuilder(), value).toString();
    }

    @Test
    void nullIsTheJsonNull() {
        assertThat(quoted(null)).isEqualTo("null");
    }

    @Test
    void quotesBackslashesAndLineEndsAreEscapedSoALineStaysOneLine() {
        assertThat(quoted("a\"b\\c\nd\re\tf")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\"");
        assertThat(quoted("\u0000\u001b\u007f\u2028\u2029")).isEqualTo("\"\\u0000\\u001b\\u007f\\u2028\\u2029\"");
    }

    @Test
    void pairedSurrogatesStayAndUnpairedOnesAreEscaped() {
        assertThat(quoted("snow \u2603 face \ud83d\ude00")).isEqualTo("\"snow \u2603 face \ud83d\ude00\"");
        assertThat(quoted("\ud83d x \ude00")).isEqualTo("\"\\ud83d x \\ude00\"");
        assertThat(quoted("end \ud83d")).isEqualTo("\"end \\ud83d\"");
    }

    @Test
    void aJsonParserReadsBackEveryCharacterWritten() throws Exception {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            if (!Character.isSurrogate(c)) {
                every.append(c);
            }
        }
        every.append("\ud83d\ude00");
        String line = quoted(every.toString());
        assertThat(line).doesNotContain("\n", "\r", "\u2028", "\u2029");
        assertThat(JsonMapper.builder().build().readValue(line, String.class)).isEqualTo(every.toString());
    }
}
