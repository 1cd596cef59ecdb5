package dev.netservices.common.admin;

import dev.netservices.common.budget.AddressBudget;
import dev.netservices.common.time.ServiceClock;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * One admin over HTTP Basic, guarded alike on every service: a service names what is public, everything else needs
 * role {@code ADMIN}. In front of authentication, cross-site requests to the protected part are refused
 * ({@link CrossSiteRequestFilter}) and an address that sent too many wrong credentials waits, but for a small
 * per-account reserve ({@link LoginThrottleFilter}): a spent guess is answered before a bcrypt hash is computed. Before
 * all of it, a request body past the limit is refused ({@link RequestBodyLimit}, registered by {@link #bodyLimit}).
 * The service provides its {@code UserDetailsService} (who the admin is, or that there is none).
 */
public final class AdminSecurity {

    private AdminSecurity() {
    }

    /** The filter chain: {@code publicRequests} open to anyone, the rest to the admin. */
    public static SecurityFilterChain filterChain(HttpSecurity http, AdminLogin login, ServiceClock clock,
            RequestMatcher publicRequests) throws Exception {
        AddressBudget<String> failedLogins = new AddressBudget<>(login.failedLoginBurst(), login.failedLoginRefill(),
                login.failedLoginAddresses(), clock);
        AddressBudget<String> accountReserve = new AddressBudget<>(login.failedLoginAccountBurst(),
                login.failedLoginAccountRefill(), login.failedLoginAddresses(), clock);
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(publicRequests).permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .httpBasic(basic -> basic.authenticationEntryPoint(new FailedLoginEntryPoint(login.realm())))
                .addFilterBefore(new CrossSiteRequestFilter(publicRequests), BasicAuthenticationFilter.class)
                .addFilterBefore(new LoginThrottleFilter(failedLogins, accountReserve, login), BasicAuthenticationFilter.class)
                // Stateless Basic auth without browser sessions and no cookie: cross-site requests are refused by
                // their Origin / Sec-Fetch-Site instead of a CSRF token.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /** How a URL the firewall refuses is answered (a bean: Spring Security takes the context's one). */
    public static RequestRejectedHandler refusedUrls() {
        return new RefusedUrlReply();
    }

    /** First of all filters, the actuator's included: no body past the limit is read by anything. */
    public static FilterRegistrationBean<RequestBodyLimit> bodyLimit(AdminLogin login) {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(
                new RequestBodyLimit(login.maxBodySize().toBytes(), login.setting("max-body-size")));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
