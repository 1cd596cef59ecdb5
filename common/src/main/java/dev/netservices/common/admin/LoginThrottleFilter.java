package dev.netservices.common.admin;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.netservices.common.budget.AddressBudget;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wrong admin credentials, budgeted per source address and, as a small reserve, per account
 * ({@code <service>.admin.failed-login-*}, {@link AdminLogin}). A request carrying credentials takes a try <em>before</em> Basic
 * authentication checks them, and gives it back when they were right; so many guesses sent at once are all counted,
 * and only wrong credentials spend a budget.
 * <pre>
 *   the address has a try?       take it, check the credentials
 *   else the account has a try?  take it from the account's reserve, check (the address may be shared with a guesser)
 *   else                         429 with Retry-After, before any password is checked
 * </pre>
 * Why a reserve: an address is not a person. A guesser behind the admin's NAT spends that address's budget, and the
 * admin typing the right password from the same address would otherwise wait as long as the guesser keeps guessing.
 * The reserve is per account (the user name sent), shared by every address whose own budget is spent and small
 * ({@code failed-login-account-burst}, one back per {@code failed-login-account-refill}), so a guesser gets few more
 * tries from it, while the admin's right password is checked whenever the reserve holds one try, and costs none.
 * A guesser can keep the admin out only by spending the address's budget and the account's reserve continuously; one
 * on another address never does. Checking a password costs a bcrypt hash, which is why a spent request is answered
 * before it.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private final AddressBudget<String> addresses;
    private final AddressBudget<String> accounts;
    private final AdminLogin login;

    LoginThrottleFilter(AddressBudget<String> addresses, AddressBudget<String> accounts, AdminLogin login) {
        this.addresses = addresses;
        this.accounts = accounts;
        this.login = login;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        String account = account(authorization);
        AddressBudget<String> paying = addresses.tryTake(address) ? addresses : accounts.tryTake(account) ? accounts : null;
        if (paying == null) {
            Duration wait = min(addresses.waitBefore(address), accounts.waitBefore(account));
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            AdminProblem.write(response, 429, "Too many wrong admin credentials",
                    ("Too many wrong credentials from this address (%s) and for this account (%s); try again in %d s.")
                            .formatted(login.setting("failed-login-burst"), login.setting("failed-login-account-burst"), seconds));
            return;
        }
        String key = paying == addresses ? address : account;
        try {
            chain.doFilter(request, response);
        } finally {
            if (!FailedLoginEntryPoint.failed(request)) {
                paying.refund(key);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The user name of Basic credentials, or "" when they are not Basic or not readable (they fail anyway). */
    private static String account(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "";
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? "" : decoded.substring(0, Math.min(colon, 256));
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
