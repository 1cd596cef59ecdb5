package dev.netservices.chat.admin;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.ChatProperties;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic for one admin ({@code chat.admin.username} / {@code chat.admin.password}). Health (with its
 * probes) and info stay public for orchestrators; the REST API, metrics, Prometheus and the integration
 * graph need the admin.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AdminSecurityConfiguration.class);

    @Bean
    SecurityFilterChain adminFilterChain(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to("health", "info")).permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .httpBasic(Customizer.withDefaults())
                // Stateless Basic-auth API without browser sessions: no session cookie, so no CSRF to forge.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService adminUser(ChatProperties properties, PasswordEncoder encoder) {
        String password = properties.admin().password();
        if (password == null || password.isBlank()) {
            // Compose passes CHAT_ADMIN_PASSWORD="" when the operator set none: that means "generate one".
            password = generatePassword();
            log.warn("No chat.admin.password set; generated one for user '{}': {}", properties.admin().username(), password);
        }
        return new InMemoryUserDetailsManager(User.withUsername(properties.admin().username())
                .password(encoder.encode(password))
                .roles("ADMIN")
                .build());
    }

    private static String generatePassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
