package dev.netservices.web.admin;

import dev.netservices.common.admin.AdminSecurity;
import dev.netservices.common.admin.RequestBodyLimit;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.WebProperties;

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
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The actuator's port: health (status and probes), info and the Prometheus scrape stay open, for orchestrators and
 * the scraper (none of them names a path or a certificate); the health details (root folder, certificate subject and
 * validity, reactor limits) and {@code /actuator/metrics} are the admin's ({@code web.admin.*}), guarded as chat's admin
 * is, by common's {@link AdminSecurity}.
 */
@Configuration(proxyBeanMethods = false)
class ManagementSecurityConfiguration {

    @Bean
    SecurityFilterChain managementFilterChain(HttpSecurity http, WebProperties properties, ServiceClock clock) throws Exception {
        return AdminSecurity.filterChain(http, properties.admin().login(), clock,
                EndpointRequest.to("health", "info", "prometheus"));
    }

    @Bean
    RequestRejectedHandler refusedUrls() {
        return AdminSecurity.refusedUrls();
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(WebProperties properties) {
        return AdminSecurity.bodyLimit(properties.admin().login());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The admin, or nobody: without {@code web.admin.password} no user exists (an empty user store also keeps Spring
     * Boot from making one up and logging its password), so the details stay hidden until the operator sets one. A
     * generated password, as chat has, would be one more secret file in the container for a convenience.
     */
    @Bean
    UserDetailsService managementAdmin(WebProperties properties, PasswordEncoder encoder) {
        WebProperties.Admin admin = properties.admin();
        if (!admin.hasPassword()) {
            return new InMemoryUserDetailsManager();
        }
        return new InMemoryUserDetailsManager(User.withUsername(admin.username())
                .password(encoder.encode(admin.password()))
                .roles("ADMIN")
                .build());
    }
}
