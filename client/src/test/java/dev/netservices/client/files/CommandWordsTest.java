package dev.netservices.client.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommandWordsTest {

    @Test
    void blanksSeparateWordsAndQuotesOrBackslashesKeepThem() throws Exception {
        assertThat(CommandWords.commands("  get   a.txt  b.txt ")).containsExactly(List.of("get", "a.txt", "b.txt"));
        assertThat(CommandWords.commands("put \"my report.pdf\" 'its name'")).containsExactly(List.of("put", "my report.pdf", "its name"));
        assertThat(CommandWords.commands("get my\\ file.txt")).containsExactly(List.of("get", "my file.txt"));
        assertThat(CommandWords.commands("get \"\"")).containsExactly(List.of("get", ""));
    }

    @Test
    void unquotedSemicolonsSeparateCommands() throws Exception {
        assertThat(CommandWords.commands("list; get 1 ;stat 'a;b'; ;"))
                .containsExactly(List.of("list"), List.of("get", "1"), List.of("stat", "a;b"));
        assertThat(CommandWords.commands("   ")).isEmpty();
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertThatThrownBy(() -> CommandWords.commands("get \"half")).hasMessage("a \" quote is not closed");
    }
}
