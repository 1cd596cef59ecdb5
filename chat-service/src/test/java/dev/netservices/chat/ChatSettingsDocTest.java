package dev.netservices.chat;

import org.junit.jupiter.api.Test;

import dev.netservices.common.docs.SettingsTable;

/** The chat.* table of docs/operations.md shows every setting and every default as the code has them. */
class ChatSettingsDocTest {

    @Test
    void operationsDocShowsEverySettingWithTheCodesDefault() {
        SettingsTable.assertDocumentsEverySetting("chat.");
    }
}
