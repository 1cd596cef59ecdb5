package dev.netservices.files.account;

import java.time.Duration;
import java.util.Optional;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.netservices.common.budget.AddressBudget;
import dev.netservices.files.account.LoginListener.Result;

/**
 * Checks {@code LOGIN}s against the users file through Spring Security's delegating password encoder.
 * A wrong name and a wrong password look the same from outside: one answer, the same delay, and an
 * unknown name still costs one bcrypt comparison (against a hash made at start) so timing tells
 * nothing either.
 *
 * <p>Each address has a budget of tries ({@code files.login.failure-*}): a try is taken before the password is
 * checked, so a burst of LOGINs sent at once is counted in full before any bcrypt runs, and given back when
 * the login succeeds, so only failures use the budget up. An address with no try left is refused unchecked.
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
    private final AddressBudget<String> failures;
    private final Duration failureDelay;
    private final LoginListener listener;
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final String unknownNameHash;

    /** @param accounts null when no users file is configured */
    public Authenticator(AccountFile accounts, AddressBudget<String> failures, Duration failureDelay, LoginListener listener) {
        this.accounts = accounts;
        this.failures = failures;
        this.failureDelay = failureDelay;
        this.listener = listener;
        this.unknownNameHash = accounts == null ? null : encoder.encode("no such account");
    }

    public Outcome login(String name, String password, String address) throws InterruptedException {
        if (accounts == null) {
            return new Outcome.NoAccounts();
        }
        if (!failures.tryTake(address)) {
            listener.loginEnded(Result.THROTTLED);
            return new Outcome.Throttled(failures.waitBefore(address));
        }
        Optional<Account> account = accounts.find(name);
        boolean matches = encoder.matches(password, account.map(Account::encodedPassword).orElse(unknownNameHash));
        if (account.isPresent() && matches) {
            failures.refund(address);
            listener.loginEnded(Result.SUCCESS);
            return new Outcome.LoggedIn(account.get());
        }
        listener.loginEnded(Result.FAILED);
        Thread.sleep(failureDelay.toMillis());
        return new Outcome.WrongNameOrPassword();
    }
}
