package dev.netservices.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netservices.common.startup.FixedSettingsContract;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every condition of ours reads a setting the start compares with the build's; an absent one reads as its default. */
class AheadOfTimeSettingsTest extends FixedSettingsContract {

    AheadOfTimeSettingsTest() {
        super(AheadOfTimeSettings.FIXED, "dev.netservices.chat",
                new DefaultedSetting("chat.cluster.enabled", "CHAT_CLUSTER_ENABLED", "false", "true"));
    }

    /** Compose mounts these secrets on every chat node, empty when unset: none may cost a start its fast path. */
    @Test
    void theSecretsComposeAlwaysMountsAreNotFixed() {
        assertThat(List.of("chat.admin.password", "chat.cluster.secret", "spring.data.redis.password"))
                .noneMatch(AheadOfTimeSettings.FIXED::covers);
    }
}
