package dev.netservices.chat.admin;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 to credentials from an address that has spent its budget of wrong ones ({@link FailedLoginThrottle}),
 * before Basic authentication checks them. Requests without credentials pass (they get the usual 401).
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private final FailedLoginThrottle throttle;

    LoginThrottleFilter(FailedLoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            Duration wait = throttle.waitBefore(request.getRemoteAddr());
            if (!wait.isZero()) {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                AdminProblem.write(response, 429, "Too many wrong admin credentials",
                        "Too many wrong credentials from this address (chat.admin.failed-logins); try again in %d s."
                                .formatted(seconds));
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
