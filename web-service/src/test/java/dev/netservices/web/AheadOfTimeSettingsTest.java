package dev.netservices.web;

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
        return "dev.netservices.web";
    }

    @Override
    protected DefaultedSetting defaultedSetting() {
        return new DefaultedSetting("web.accesslog.enabled", "WEB_ACCESSLOG_ENABLED", "true", "false");
    }
}
