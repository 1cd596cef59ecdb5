package dev.netservices.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A secret the service may not read: the chain as chat-service's container logged it (compose's CHAT_ADMIN_PASSWORD_FILE
 * of mode 600 owned by root, read through the configtree import by UID 10001), told as one description and one action.
 * (Built by hand: the tests run as root, whom no file mode stops.)
 */
class UnreadableFileFailureAnalyzerTest {

    @Test
    void aSecretTheServiceMayNotReadIsNamedWithWhatToDo() {
        Throwable failure = new IllegalStateException("Failed to bind properties under 'chat.admin.password' to java.lang.String",
                new IllegalStateException(new AccessDeniedException("/run/secrets/chat.admin.password")));

        FailureAnalysis analysis = new UnreadableFileFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription()).matches("The service, running as user " + System.getProperty("user.name")
                + " \\(uid \\d+\\), may not read /run/secrets/chat.admin.password\\.");
        assertThat(analysis.getAction()).contains("chmod 644").contains("docs/containers.md");
    }

    @Test
    void springBootIsToldOfTheAnalyzer() throws Exception {
        StringBuilder factories = new StringBuilder();
        for (java.net.URL url : java.util.Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
            try (var in = url.openStream()) {
                factories.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertThat(factories.toString().replace("\\\n", "")).containsPattern(
                "FailureAnalyzer=[^\\n]*" + UnreadableFileFailureAnalyzer.class.getName().replace(".", "\\."));
    }
}
