package dev.netservices.web;

import org.junit.jupiter.api.Test;

import dev.netservices.common.docs.SettingsTable;

/** The web.* table of docs/operations.md shows every setting and every default as the code has them. */
class WebSettingsDocTest {

    @Test
    void operationsDocShowsEverySettingWithTheCodesDefault() {
        SettingsTable.assertDocumentsEverySetting("web.");
    }
}
