package dev.netservices.web;

import dev.netservices.common.startup.FixedSettingsContract;

/** Every condition of ours reads a setting the start compares with the build's; an absent one reads as its default. */
class AheadOfTimeSettingsTest extends FixedSettingsContract {

    AheadOfTimeSettingsTest() {
        super(AheadOfTimeSettings.FIXED, "dev.netservices.web",
                new DefaultedSetting("web.accesslog.enabled", "WEB_ACCESSLOG_ENABLED", "true", "false"));
    }
}
