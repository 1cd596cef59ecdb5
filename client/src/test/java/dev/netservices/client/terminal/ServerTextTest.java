package dev.netservices.client.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a server's text looks like once it is fit to print: every control and format character visible, one line, 4,096 characters at most. */
class ServerTextTest {

    @Test
    void plainTextInAnyScriptIsShownAsItIs() {
        assertThat(ServerText.shown("小红 : 你好 👋🏽 café C:\\temp\\a.txt")).isEqualTo("小红 : 你好 👋🏽 café C:\\temp\\a.txt");
    }

    @Test
    void escapeLineEndsAndTabsAreNamed() {
        assertThat(ServerText.shown("\u001b]0;title\u0007\u001b[2J\r\n\t")).isEqualTo("\\e]0;title\\x07\\e[2J\\r\\n\\t");
    }

    @Test
    void otherC0ControlsAndDeleteShowTheirCode() {
        assertThat(ServerText.shown("\u0000\u0008\u001f\u007f")).isEqualTo("\\x00\\x08\\x1F\\x7F");
    }

    @Test
    void c1ControlsFormatCharactersAndLineSeparatorsShowTheirCodePoint() {
        assertThat(ServerText.shown("\u0085\u009b\u00ad\u200b\u200d\u200e\u202e\u2066\u2028\u2029\ufeff"))
                .isEqualTo("\\u0085\\u009B\\u00AD\\u200B\\u200D\\u200E\\u202E\\u2066\\u2028\\u2029\\uFEFF");
    }

    @Test
    void formatCharactersAboveTheBmpAndLoneSurrogatesAreEscapedToo() {
        assertThat(ServerText.shown("a" + Character.toString(0xE0001) + "b")).isEqualTo("a\\u{E0001}b");
        assertThat(ServerText.shown("x\ud800y")).isEqualTo("x\\uD800y");
    }

    @Test
    void aLineOf4096CharactersIsShownWholeAndALongerOneIsCutSayingHowMuchIsLeftOut() {
        assertThat(ServerText.shown("A".repeat(4096))).isEqualTo("A".repeat(4096));
        assertThat(ServerText.shown("A".repeat(4097))).isEqualTo("A".repeat(4096) + "… (1 more)");
        assertThat(ServerText.shown("A".repeat(65_000))).isEqualTo("A".repeat(4096) + "… (60904 more)");
    }

    @Test
    void anEscapeCountsItsOwnCharactersAndIsNeverCutInHalf() {
        assertThat(ServerText.shown("A".repeat(4094) + "\u001bZ")).isEqualTo("A".repeat(4094) + "\\e… (1 more)");
        assertThat(ServerText.shown("A".repeat(4095) + "\u001bZ")).isEqualTo("A".repeat(4095) + "… (2 more)");
        assertThat(ServerText.shown("😀".repeat(5000))).isEqualTo("😀".repeat(4096) + "… (904 more)");
    }
}
