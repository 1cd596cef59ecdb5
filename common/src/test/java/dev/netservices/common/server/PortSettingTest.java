package dev.netservices.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortSettingTest {

    @Test
    void aTakenPortIsNamedByTheSettingThatChoosesIt() {
        assertThat(ProtocolPortInUseFailureAnalyzer.portSetting("files")).isEqualTo("files.port");
        assertThat(ProtocolPortInUseFailureAnalyzer.portSetting("files-tls")).isEqualTo("files.tls.port");
        assertThat(ProtocolPortInUseFailureAnalyzer.portSetting("web-tls")).isEqualTo("web.tls.port");
        assertThat(ProtocolPortInUseFailureAnalyzer.portSetting("chat")).isEqualTo("chat.port");
    }
}
