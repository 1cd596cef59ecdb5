package dev.netservices.chat.admin;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.netservices.common.budget.AddressBudget;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wrong admin credentials, budgeted per source address ({@code chat.admin.failed-login-*}). A request carrying
 * credentials takes a try from its address's budget <em>before</em> Basic authentication checks them, and gets it
 * back when they were right; so many guesses sent at once are all counted, none slips past a check that has not yet
 * recorded the ones before it. An address with no try left is answered 429 before the password is checked: checking
 * costs a bcrypt hash (tens of milliseconds of CPU), which is what a guesser would otherwise make us spend, and
 * guessing becomes too slow to matter. Requests without credentials pass (they get the usual 401).
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private final AddressBudget<String> budget;

    LoginThrottleFilter(AddressBudget<String> budget) {
        this.budget = budget;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        if (!budget.tryTake(address)) {
            Duration wait = budget.waitBefore(address);
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            AdminProblem.write(response, 429, "Too many wrong admin credentials",
                    "Too many wrong credentials from this address (chat.admin.failed-login-burst); try again in %d s."
                            .formatted(seconds));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (!FailedLoginEntryPoint.failed(request)) {
                budget.refund(address);
            }
        }
    }
}
