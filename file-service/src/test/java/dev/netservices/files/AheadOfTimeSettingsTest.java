package dev.netservices.files;

import dev.netservices.common.startup.FixedSettingsContract;

/** Every condition of ours reads a setting the start compares with the build's; an absent one reads as its default. */
class AheadOfTimeSettingsTest extends FixedSettingsContract {

    AheadOfTimeSettingsTest() {
        super(AheadOfTimeSettings.FIXED, "dev.netservices.files",
                new DefaultedSetting("files.store", "FILES_STORE", "local", "s3"));
    }
}
