package dev.netservices.chat;

import dev.netservices.common.startup.FixedSettingsContract;

/** Every condition of ours reads a setting the start compares with the build's; an absent one reads as its default. */
class AheadOfTimeSettingsTest extends FixedSettingsContract {

    AheadOfTimeSettingsTest() {
        super(AheadOfTimeSettings.FIXED, "dev.netservices.chat",
                new DefaultedSetting("chat.cluster.enabled", "CHAT_CLUSTER_ENABLED", "false", "true"));
    }
}
