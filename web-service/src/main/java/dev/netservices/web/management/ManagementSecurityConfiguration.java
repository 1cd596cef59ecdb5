package dev.netservices.web.management;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import dev.netservices.web.WebProperties;

/**
 * The actuator port (Tomcat, {@code server.port}; the site's ports are our reactor and never pass here). Every
 * endpoint stays open, as the probes and Prometheus need; what changes is who sees the health details, which
 * name the document root's path and the certificate's subject, issuer and validity: only the admin
 * ({@code web.admin.*}, HTTP Basic), by {@code management.endpoint.health.show-details=when-authorized} with
 * role ADMIN in application.yml. With no {@code web.admin.password} there is no user, and nobody sees them.
 */
@Configuration(proxyBeanMethods = false)
class ManagementSecurityConfiguration {

    @Bean
    SecurityFilterChain managementFilterChain(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .httpBasic(basic -> { })
                // Read-only endpoints, Basic credentials and no session or cookie: nothing for a CSRF token to guard.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The admin, or no user at all (so that Spring Boot does not make one up and log its password). */
    @Bean
    UserDetailsService adminUser(WebProperties properties, PasswordEncoder encoder) {
        WebProperties.Admin admin = properties.admin();
        if (!admin.enabled()) {
            return new InMemoryUserDetailsManager();
        }
        return new InMemoryUserDetailsManager(User.withUsername(admin.username())
                .password(encoder.encode(admin.password())).roles("ADMIN").build());
    }
}
