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
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

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
        return new InMemoryUserDetailsManager(User.withUsername(admin.username())
                .password(encoder.encode(password))
                .roles("ADMIN")
                .build());
    }
}
