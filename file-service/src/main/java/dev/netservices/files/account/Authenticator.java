package dev.netservices.files.account;

import java.time.Duration;
import java.util.Optional;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.netservices.files.observability.FileMetrics;

/**
 * Checks {@code LOGIN}s against the users file through Spring Security's delegating password encoder.
 * A wrong name and a wrong password look the same from outside: one answer, the same delay, and an
 * unknown name still costs one bcrypt comparison (against a hash made at start) so timing tells
 * nothing either. Failures count per address in the {@link LoginThrottle}.
 */
public final class Authenticator {

    /** How a login ended. */
    public sealed interface Outcome {
        record LoggedIn(Account account) implements Outcome {
        }

        record WrongNameOrPassword() implements Outcome {
        }

        record Throttled(Duration retryAfter) implements Outcome {
        }

        record NoAccounts() implements Outcome {
        }
    }

    private final AccountFile accounts;
    private final LoginThrottle throttle;
    private final Duration failureDelay;
    private final FileMetrics metrics;
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final String unknownNameHash;

    /** @param accounts null when no users file is configured */
    public Authenticator(AccountFile accounts, LoginThrottle throttle, Duration failureDelay, FileMetrics metrics) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.failureDelay = failureDelay;
        this.metrics = metrics;
        this.unknownNameHash = accounts == null ? null : encoder.encode("no such account");
    }

    public boolean hasAccounts() {
        return accounts != null;
    }

    public Outcome login(String name, String password, String address) throws InterruptedException {
        if (accounts == null) {
            return new Outcome.NoAccounts();
        }
        Duration wait = throttle.waitFor(address);
        if (!wait.isZero() && !wait.isNegative()) {
            metrics.login("throttled");
            return new Outcome.Throttled(wait);
        }
        Optional<Account> account = accounts.find(name);
        boolean matches = encoder.matches(password, account.map(Account::encodedPassword).orElse(unknownNameHash));
        if (account.isPresent() && matches) {
            throttle.succeeded(address);
            metrics.login("success");
            return new Outcome.LoggedIn(account.get());
        }
        throttle.failed(address);
        metrics.login("failed");
        Thread.sleep(failureDelay.toMillis());
        return new Outcome.WrongNameOrPassword();
    }
}
