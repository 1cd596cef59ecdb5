package dev.netservices.chat.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.chat.ChatProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A blank or unset admin password (compose passes {@code CHAT_ADMIN_PASSWORD=""}) means: generate one, write it to
 * a file only the service's user can read, and log where it is, never the password. The password is hashed at the
 * first login, not while the service starts.
 */
@ExtendWith(OutputCaptureExtension.class)
class GeneratedAdminPasswordTest {

    private final AdminSecurityConfiguration configuration = new AdminSecurityConfiguration();
    private final PasswordEncoder encoder = configuration.passwordEncoder();

    @TempDir
    private Path dir;

    /** The settings as the service binds them: every default, and these two by name. */
    private static ChatProperties withPassword(String password, Path file) {
        Map<String, String> settings = new HashMap<>();
        settings.put("chat.admin.generated-password-file", file.toString());
        if (password != null) {
            settings.put("chat.admin.password", password);
        }
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("chat", ChatProperties.class);
    }

    @Test
    void blankOrMissingPasswordIsGeneratedIntoAnOwnerOnlyFileWhoseLocationIsLoggedOnce(CapturedOutput output) throws Exception {
        int n = 0;
        for (String unset : new String[] {"", "   ", null}) {
            Path file = dir.resolve("secrets").resolve("admin-password-" + n++);
            int before = output.getOut().length();
            UserDetails admin = configuration.adminUser(withPassword(unset, file), encoder).loadUserByUsername("admin");
            String logged = output.getOut().substring(before);

            String generated = Files.readString(file).strip();
            assertThat(generated).hasSizeGreaterThanOrEqualTo(20);
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(encoder.matches(generated, admin.getPassword())).isTrue();
            assertThat(encoder.matches("", admin.getPassword())).isFalse();
            assertThat(logged).contains("generated one for user 'admin' and wrote it to " + file.toAbsolutePath())
                    .doesNotContain(generated);
            assertThat(logged.split("generated one", -1)).as("logged once").hasSize(2);
        }
        try (var left = Files.list(dir.resolve("secrets"))) {
            assertThat(left).as("no draft left behind").hasSize(3);
        }
    }

    @Test
    void aSetPasswordIsUsedNeverLoggedAndNoFileIsWritten(CapturedOutput output) {
        Path file = dir.resolve("admin-password");
        UserDetails admin = configuration.adminUser(withPassword("s3cret-Pass", file), encoder).loadUserByUsername("admin");
        assertThat(encoder.matches("s3cret-Pass", admin.getPassword())).isTrue();
        assertThat(admin.getPassword()).doesNotContain("s3cret-Pass");
        assertThat(output.getOut()).doesNotContain("s3cret-Pass").doesNotContain("generated one");
        assertThat(file).doesNotExist();
    }

    @Test
    void thePasswordIsHashedOnceAtTheFirstLoginAndEveryLoginGetsAHashOfItsOwn() {
        List<CharSequence> hashed = new ArrayList<>();
        PasswordEncoder counting = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                hashed.add(raw);
                return encoder.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return encoder.matches(raw, encoded);
            }
        };
        UserDetailsService admins = configuration.adminUser(withPassword("s3cret-Pass", dir.resolve("unused")), counting);
        assertThat(hashed).as("nothing hashed while the service starts").isEmpty();

        UserDetails first = admins.loadUserByUsername("admin");
        ((CredentialsContainer) first).eraseCredentials(); // what authentication does to the user it was given
        UserDetails second = admins.loadUserByUsername("admin");

        assertThat(hashed).as("hashed once").hasSize(1);
        assertThat(encoder.matches("s3cret-Pass", second.getPassword())).isTrue();
        assertThat(second.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ADMIN");
        assertThatThrownBy(() -> admins.loadUserByUsername("root")).isInstanceOf(UsernameNotFoundException.class);
    }
}
