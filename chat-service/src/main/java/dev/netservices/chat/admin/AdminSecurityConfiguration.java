package dev.netservices.chat.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.ChatProperties;
import dev.netservices.common.budget.AddressBudget;
import dev.netservices.common.time.ServiceClock;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * HTTP Basic for one admin ({@code chat.admin.username} / {@code chat.admin.password}). Health (with its
 * probes) and info stay public for orchestrators; the REST API, metrics, Prometheus and the integration
 * graph need the admin. In front of authentication: cross-site requests are refused ({@link CrossSiteRequestFilter})
 * and an address that sent too many wrong credentials waits, but for a small per-account reserve
 * ({@link LoginThrottleFilter}). Before all of it, a request body past {@code chat.admin.max-body-size} is refused
 * ({@link RequestBodyLimit}).
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AdminSecurityConfiguration.class);

    @Bean
    SecurityFilterChain adminFilterChain(HttpSecurity http, ChatProperties properties, ServiceClock clock) throws Exception {
        ChatProperties.Admin admin = properties.admin();
        AddressBudget<String> failedLogins = new AddressBudget<>(admin.failedLoginBurst(), admin.failedLoginRefill(),
                admin.failedLoginAddresses(), clock);
        AddressBudget<String> accountReserve = new AddressBudget<>(admin.failedLoginAccountBurst(),
                admin.failedLoginAccountRefill(), admin.failedLoginAddresses(), clock);
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to("health", "info")).permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .httpBasic(basic -> basic.authenticationEntryPoint(new FailedLoginEntryPoint()))
                .addFilterBefore(new CrossSiteRequestFilter(), BasicAuthenticationFilter.class)
                .addFilterBefore(new LoginThrottleFilter(failedLogins, accountReserve), BasicAuthenticationFilter.class)
                // Stateless Basic-auth API without browser sessions and no cookie: cross-site requests are refused
                // by their Origin / Sec-Fetch-Site instead of a CSRF token.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /** First of all filters, the actuator's included: no body past the limit is read by anything. */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(ChatProperties properties) {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(
                new RequestBodyLimit(properties.admin().maxBodySize().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
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
