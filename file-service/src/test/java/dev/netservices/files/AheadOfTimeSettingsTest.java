package dev.netservices.files;

import dev.netservices.common.startup.FixedSettings;
import dev.netservices.common.startup.FixedSettingsContract;

/** Every condition of ours reads a setting the start compares with the build's; an absent one reads as its default. */
class AheadOfTimeSettingsTest extends FixedSettingsContract {

    @Override
    protected FixedSettings fixed() {
        return AheadOfTimeSettings.FIXED;
    }

    @Override
    protected String rootPackage() {
        return "dev.netservices.files";
    }

    @Override
    protected DefaultedSetting defaultedSetting() {
        return new DefaultedSetting("files.store", "FILES_STORE", "local", "s3");
    }
}
