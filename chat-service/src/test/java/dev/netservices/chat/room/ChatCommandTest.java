package dev.netservices.chat.room;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.room.ChatCommand.Help;
import dev.netservices.chat.room.ChatCommand.Invalid;
import dev.netservices.chat.room.ChatCommand.Join;
import dev.netservices.chat.room.ChatCommand.Leave;
import dev.netservices.chat.room.ChatCommand.Ping;
import dev.netservices.chat.room.ChatCommand.Problem;
import dev.netservices.chat.room.ChatCommand.Quit;
import dev.netservices.chat.room.ChatCommand.Say;
import dev.netservices.chat.room.ChatCommand.Talk;
import dev.netservices.chat.room.ChatCommand.Who;

class ChatCommandTest {

    @Test
    void originalCommandsAreReadWithOrWithoutLineEnd() {
        assertThat(ChatCommand.parse("L alice")).isEqualTo(new Join("alice"));
        assertThat(ChatCommand.parse("L alice\n")).isEqualTo(new Join("alice"));
        assertThat(ChatCommand.parse("L alice\r\n")).isEqualTo(new Join("alice"));
        assertThat(ChatCommand.parse("C alice hello  there ")).isEqualTo(new Say("alice", "hello  there "));
        assertThat(ChatCommand.parse("Q alice")).isEqualTo(new Leave("alice"));
        assertThat(ChatCommand.parse("Q")).isEqualTo(new Quit());
    }

    @Test
    void netcatCommandsAndPlainLinesAreRead() {
        assertThat(ChatCommand.parse("/join bob\n")).isEqualTo(new Join("bob"));
        assertThat(ChatCommand.parse("/who\n")).isEqualTo(new Who());
        assertThat(ChatCommand.parse("/ping")).isEqualTo(new Ping());
        assertThat(ChatCommand.parse("/quit\r\n")).isEqualTo(new Quit());
        assertThat(ChatCommand.parse("/help")).isEqualTo(new Help());
        assertThat(ChatCommand.parse("/say Q is a letter")).isEqualTo(new Talk("Q is a letter"));
        assertThat(ChatCommand.parse("Lunch at noon?\n")).isEqualTo(new Talk("Lunch at noon?"));
        assertThat(ChatCommand.parse("C'est la vie")).isEqualTo(new Talk("C'est la vie"));
    }

    @Test
    void incompleteCommandsSayWhatIsExpected() {
        assertThat(ChatCommand.parse("L")).isEqualTo(new Invalid(Problem.SYNTAX, "L <name>"));
        assertThat(ChatCommand.parse("C alice")).isEqualTo(new Invalid(Problem.SYNTAX, "C <name> <text>"));
        assertThat(ChatCommand.parse("C alice ")).isEqualTo(new Invalid(Problem.SYNTAX, "C <name> <text>"));
        assertThat(ChatCommand.parse("/join")).isEqualTo(new Invalid(Problem.SYNTAX, "/join <name> or /join #<room>"));
        assertThat(ChatCommand.parse("/who me")).isEqualTo(new Invalid(Problem.SYNTAX, "/who"));
        assertThat(ChatCommand.parse("/dance")).isEqualTo(new Invalid(Problem.UNKNOWN, "/dance"));
    }

    @Test
    void emptyBlankAndControlCharacterLinesAreInvalid() {
        assertThat(ChatCommand.parse("")).isEqualTo(new Invalid(Problem.EMPTY, ""));
        assertThat(ChatCommand.parse("\r\n")).isEqualTo(new Invalid(Problem.EMPTY, ""));
        assertThat(ChatCommand.parse("   ")).isEqualTo(new Invalid(Problem.EMPTY, ""));
        assertThat(ChatCommand.parse("C alice hi\nbob : fake line")).isEqualTo(new Invalid(Problem.CONTROL, ""));
        assertThat(ChatCommand.parse("tab\tis fine")).isEqualTo(new Talk("tab\tis fine"));
    }

    @Test
    void datagramsLongerThanTheLimitOrNotUtf8AreInvalid() {
        byte[] longest = "x".repeat(100).getBytes(UTF_8);
        assertThat(ChatCommand.fromDatagram(longest, 100, 100)).isEqualTo(new Talk("x".repeat(100)));
        assertThat(ChatCommand.fromDatagram(new byte[101], 101, 100)).isEqualTo(new Invalid(Problem.OVERSIZE, "100"));
        byte[] overlong = {'L', ' ', (byte) 0xC0, (byte) 0xAF};
        assertThat(ChatCommand.fromDatagram(overlong, overlong.length, 100))
                .isEqualTo(new Invalid(Problem.NOT_UTF8, "not valid UTF-8 (byte 0xC0 at offset 2)"));
        byte[] chinese = "L 张三".getBytes(UTF_8);
        assertThat(ChatCommand.fromDatagram(chinese, chinese.length, 100)).isEqualTo(new Join("张三"));
    }

    @Test
    void aLineWithBidiControlsOrZeroWidthCharactersIsRefusedNamingTheFirstButTheEmojiJoinerPasses() {
        assertThat(ChatCommand.parse("hi \u202Eevil")).isEqualTo(new Invalid(ChatCommand.Problem.FORMAT, "U+202E"));
        assertThat(ChatCommand.parse("C alice a\u200Bb")).isEqualTo(new Invalid(ChatCommand.Problem.FORMAT, "U+200B"));
        assertThat(ChatCommand.parse("\u2066isolated\u2069")).isEqualTo(new Invalid(ChatCommand.Problem.FORMAT, "U+2066"));
        assertThat(ChatCommand.parse("coding 👩\u200D💻")).isEqualTo(new Talk("coding 👩\u200D💻"));
    }
}
