package dev.netservices.client.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatLookTest {

    @Test
    void redirectedEveryLineIsPrintedExactlyAsTheRoomSentIt() {
        ChatLook plain = new ChatLook(false);
        for (String line : new String[] {"(private) bob : hi", "(history 2026-12-05T08:01:02Z) alice : hello", "alice : x"}) {
            assertThat(plain.render(line)).isEqualTo(line);
        }
    }

    @Test
    void onATerminalPrivateMessagesAndHistoryAreSetApartAndEachNameHasItsOwnStableColour() {
        ChatLook terminal = new ChatLook(true);
        String alice = "\u001b[" + ChatLook.colourOf("alice") + "malice\u001b[0m";
        assertThat(terminal.render("alice : hi")).isEqualTo(alice + " : hi");
        assertThat(terminal.render("(private) alice : psst")).isEqualTo("\u001b[1;35m(private)\u001b[0m " + alice + " : psst");
        assertThat(terminal.render("(history 2026-12-05T08:01:02Z) alice : earlier"))
                .isEqualTo("\u001b[2m(history 2026-12-05T08:01:02Z) \u001b[0m" + alice + " : earlier");
        assertThat(terminal.render("bob entered #ops")).as("not a line someone said").isEqualTo("bob entered #ops");
        assertThat(ChatLook.colourOf("Alice")).as("the same name, however written").isEqualTo(ChatLook.colourOf("alice"));
        assertThat(ChatLook.colourOf("alice")).as("fixed for every session (String.hashCode is specified)").isEqualTo("31");
    }
}
