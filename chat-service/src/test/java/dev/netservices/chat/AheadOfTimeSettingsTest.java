package dev.netservices.chat;

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
        return "dev.netservices.chat";
    }

    @Override
    protected DefaultedSetting defaultedSetting() {
        return new DefaultedSetting("chat.cluster.enabled", "CHAT_CLUSTER_ENABLED", "false", "true");
    }
}
