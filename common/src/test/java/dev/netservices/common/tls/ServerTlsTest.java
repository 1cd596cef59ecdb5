package dev.netservices.common.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerTlsTest {

    @Test
    void onlyTls13And12AreEnabledInThatOrder() {
        assertThat(ServerTls.enabledProtocols(new String[] {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3", "SSLv2Hello"}))
                .containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(ServerTls.enabledProtocols(new String[] {"TLSv1.2"})).containsExactly("TLSv1.2");
    }
}
