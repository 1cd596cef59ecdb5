package dev.netservices.chat.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.netservices.chat.ChatProperties;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

/** A blank or unset admin password (compose passes {@code CHAT_ADMIN_PASSWORD=""}) means: generate one, log it once. */
@ExtendWith(OutputCaptureExtension.class)
class GeneratedAdminPasswordTest {

    private static final Pattern LOGGED = Pattern.compile("generated one for user 'admin': (\\S+)");

    private final AdminSecurityConfiguration configuration = new AdminSecurityConfiguration();
    private final PasswordEncoder encoder = configuration.passwordEncoder();

    private static ChatProperties withPassword(String password) {
        return new ChatProperties(0, 10, Duration.ofMinutes(5), 8192, Locale.ENGLISH, 0,
                new ChatProperties.Flood(20, 10, 10, 5, 10000), new ChatProperties.Admin("admin", password));
    }

    @Test
    void blankOrMissingPasswordIsGeneratedLoggedOnceAndAccepted(CapturedOutput output) {
        for (String unset : new String[] {"", "   ", null}) {
            int before = output.getOut().length();
            UserDetails admin = configuration.adminUser(withPassword(unset), encoder).loadUserByUsername("admin");
            String logged = output.getOut().substring(before);
            Matcher matcher = LOGGED.matcher(logged);
            assertThat(matcher.find()).as("password logged for %s", unset).isTrue();
            String generated = matcher.group(1);
            assertThat(matcher.find()).as("logged once").isFalse();
            assertThat(generated).hasSizeGreaterThanOrEqualTo(20);
            assertThat(encoder.matches(generated, admin.getPassword())).isTrue();
            assertThat(encoder.matches("", admin.getPassword())).isFalse();
        }
    }

    @Test
    void aSetPasswordIsUsedAndNeverLogged(CapturedOutput output) {
        UserDetails admin = configuration.adminUser(withPassword("s3cret-Pass"), encoder).loadUserByUsername("admin");
        assertThat(encoder.matches("s3cret-Pass", admin.getPassword())).isTrue();
        assertThat(admin.getPassword()).doesNotContain("s3cret-Pass");
        assertThat(output.getOut()).doesNotContain("s3cret-Pass").doesNotContain("generated one");
    }
}
