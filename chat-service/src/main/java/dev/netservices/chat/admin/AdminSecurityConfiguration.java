package dev.netservices.chat.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.ChatProperties;
import dev.netservices.common.admin.AdminSecurity;
import dev.netservices.common.admin.RequestBodyLimit;
import dev.netservices.common.time.ServiceClock;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * HTTP Basic for one admin ({@code chat.admin.username} / {@code chat.admin.password}), guarded as common's
 * {@link AdminSecurity} guards every admin login (failed-login throttle with an account reserve, cross-site refusal,
 * body limit {@code chat.admin.max-body-size}). Health (with its probes) and info stay public for orchestrators; the
 * REST API, metrics, Prometheus and the integration graph need the admin.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AdminSecurityConfiguration.class);

    @Bean
    SecurityFilterChain adminFilterChain(HttpSecurity http, ChatProperties properties, ServiceClock clock) throws Exception {
        return AdminSecurity.filterChain(http, properties.admin().login(), clock, EndpointRequest.to("health", "info"));
    }

    @Bean
    RequestRejectedHandler refusedUrls() {
        return AdminSecurity.refusedUrls();
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(ChatProperties properties) {
        return AdminSecurity.bodyLimit(properties.admin().login());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService adminUser(ChatProperties properties, PasswordEncoder encoder) {
        ChatProperties.Admin admin = properties.admin();
        String password = admin.password();
        if (password == null || password.isBlank()) {
            // Compose passes CHAT_ADMIN_PASSWORD="" when the operator set none: that means "generate one".
            Path file = admin.generatedPasswordFile().toAbsolutePath();
            try {
                password = GeneratedAdminPassword.writeTo(file);
            } catch (IOException e) {
                throw new UncheckedIOException("No chat.admin.password set, and the generated one could not be written to "
                        + file + " (chat.admin.generated-password-file): " + e.getMessage(), e);
            }
            log.warn("No chat.admin.password set; generated one for user '{}' and wrote it to {} (readable by this user only)",
                    admin.username(), file);
        }
        return new AdminHashedAtFirstLogin(admin.username(), password, encoder);
    }

    /**
     * The one admin, whose password is hashed at the first login rather than while the service starts: the hash is
     * deliberately slow (BCrypt), and on the one core of a container it was 0.2-0.4 s of chat's start, paid before
     * the service is ready and before anyone logs in. The plain password is kept only until then; the settings
     * ({@link ChatProperties}) hold it for the service's life anyway.
     */
    static final class AdminHashedAtFirstLogin implements UserDetailsService {

        private final String username;
        private final PasswordEncoder encoder;
        private String password;
        private UserDetails hashed;

        AdminHashedAtFirstLogin(String username, String password, PasswordEncoder encoder) {
            this.username = username;
            this.password = password;
            this.encoder = encoder;
        }

        @Override
        public UserDetails loadUserByUsername(String name) {
            if (!username.equals(name)) {
                throw new UsernameNotFoundException("no such admin");
            }
            // A copy each time, as InMemoryUserDetailsManager gives: authentication erases the password of the
            // user it was given, and the next login needs the hash again.
            return User.withUserDetails(admin()).build();
        }

        private synchronized UserDetails admin() {
            if (hashed == null) {
                hashed = User.withUsername(username).password(encoder.encode(password)).roles("ADMIN").build();
                password = null;
            }
            return hashed;
        }
    }
}
