package dev.netservices.chat.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.support.StaticMessageSource;

class LineTextTest {

    private static final String NAME = "a'b{0}";
    private static final String TEXT = "{1} 'x' } \u00e9";

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh-CN"})
    void aLineSaidAndAPrivateMessageReadAsTheBundleFormatsThem(String language) {
        RoomTexts texts = new RoomTexts(TestRoom.messages(), Locale.forLanguageTag(language));

        assertThat(texts.said(NAME, TEXT)).isEqualTo(texts.text("chat.said", NAME, TEXT));
        assertThat(texts.privately(NAME, TEXT)).isEqualTo(texts.text("chat.private", NAME, TEXT));
        assertThat(texts.said("alice", "hi")).isEqualTo(language.equals("en") ? "alice : hi" : texts.text("chat.said", "alice", "hi"));
    }

    @Test
    void aPatternWithQuotesFormatsOrArgumentsItDoesNotTakeApartStillReadsAsTheMessageSourceMakesIt() {
        StaticMessageSource messages = new StaticMessageSource();
        messages.addMessage("chat.said", Locale.ENGLISH, "'{0}' said: {1} ''ok''");
        messages.addMessage("chat.private", Locale.ENGLISH, "{1} from {0} {2}");
        RoomTexts texts = new RoomTexts(messages, Locale.ENGLISH);

        assertThat(texts.said("alice", "hi")).isEqualTo("{0} said: hi 'ok'");
        assertThat(texts.privately("alice", "hi")).isEqualTo("hi from alice {2}");
    }

    @Test
    void aPatternWithTheArgumentsSwappedOrRepeatedKeepsThem() {
        StaticMessageSource messages = new StaticMessageSource();
        messages.addMessage("chat.said", Locale.ENGLISH, "{1} <{0}> {1}");
        messages.addMessage("chat.private", Locale.ENGLISH, "[{0}] {1}");
        RoomTexts texts = new RoomTexts(messages, Locale.ENGLISH);

        assertThat(texts.said("alice", "hi")).isEqualTo("hi <alice> hi");
        assertThat(texts.privately("alice", "hi")).isEqualTo("[alice] hi");
    }
}
