package dev.netservices.files;

import org.junit.jupiter.api.Test;

import dev.netservices.common.docs.SettingsTable;

/** The files.* table of docs/operations.md shows every setting and every default as the code has them. */
class FileSettingsDocTest {

    @Test
    void operationsDocShowsEverySettingWithTheCodesDefault() {
        SettingsTable.assertDocumentsEverySetting("files.");
    }
}
