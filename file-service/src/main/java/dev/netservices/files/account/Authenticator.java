package dev.netservices.files.account;

import java.time.Duration;
import java.util.Optional;

import dev.netservices.common.budget.AddressBudget;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.account.LoginListener.Result;

/**
 * Checks {@code LOGIN}s against the users file through Spring Security's delegating password encoder.
 * A wrong name and a wrong password look the same from outside: one answer, the same delay, and an
 * unknown name is checked against a stand-in that costs what a real account's check costs
 * ({@link AccountFile#standInFor}), so timing tells nothing either.
 *
 * <p>Two budgets of tries ({@code files.login.failure-*} per address, {@code files.login.account-failure-*} per
 * name tried): a try is taken from both before the password is checked, so a burst of LOGINs sent at once is
 * counted in full before any hash runs, and given back when the login succeeds, so only failures use them up.
 * An address or a name with no try left is refused unchecked. The per-name budget stops guessers spread over
 * many addresses; its price is that they can make a name wait, which is why it is larger than the per-address
 * one. Checks themselves are capped ({@link PasswordChecks}).
 *
 * <pre>
 *   LOGIN ─► address try? ─no─► ERR 429 (address)
 *                │yes
 *                ▼
 *            name try? ──no──► give the address try back, ERR 429 (account)
 *                │yes
 *                ▼
 *            check slot within max-check-wait? ─no─► give both back, ERR 503 busy
 *                │yes
 *                ▼
 *            hash matches a known account? ─yes─► give both back, OK
 *                │no
 *                ▼
 *            wait failure-delay, ERR 530
 * </pre>
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

        record AccountThrottled(Duration retryAfter) implements Outcome {
        }

        record Busy() implements Outcome {
        }

        record NoAccounts() implements Outcome {
        }
    }

    /** The two budgets of failed tries: per client address, and per account name tried. */
    public record Budgets(TryBudget perAddress, TryBudget perAccount) {

        /** Budgets kept in this process. */
        public Budgets(AddressBudget<String> perAddress, AddressBudget<String> perAccount) {
            this(TryBudget.of(perAddress), TryBudget.of(perAccount));
        }
    }

    private final Accounts accounts;
    private final Budgets budgets;
    private final PasswordChecks checks;
    private final Duration failureDelay;
    private final LoginListener listener;
    private final ServiceClock clock;
    private volatile String noAccountHash;

    /**
     * @param accounts            null when no accounts are configured (no users file, no accounts table)
     * @param maxConcurrentChecks password checks run at once
     * @param maxCheckWait        longest a LOGIN waits for a check slot before it is told the server is busy
     */
    public Authenticator(Accounts accounts, Budgets budgets, int maxConcurrentChecks, Duration maxCheckWait,
            Duration failureDelay, LoginListener listener, ServiceClock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.budgets = budgets;
        this.checks = new PasswordChecks(maxConcurrentChecks, maxCheckWait, listener);
        this.failureDelay = failureDelay;
        this.listener = listener;
    }

    /** Checks a LOGIN; the listener is told its result and how long it took, the failure delay included. */
    public Outcome login(String name, String password, String address) throws InterruptedException {
        long start = clock.nanoTime();
        Outcome outcome = attempt(name, password, address);
        Result result = switch (outcome) {
            case Outcome.LoggedIn loggedIn -> Result.SUCCESS;
            case Outcome.WrongNameOrPassword wrong -> Result.FAILED;
            case Outcome.Throttled throttled -> Result.THROTTLED;
            case Outcome.AccountThrottled throttled -> Result.ACCOUNT_THROTTLED;
            case Outcome.Busy busy -> Result.BUSY;
            case Outcome.NoAccounts none -> null;
        };
        if (result != null) {
            listener.loginEnded(result, Duration.ofNanos(clock.nanoTime() - start));
        }
        return outcome;
    }

    private Outcome attempt(String name, String password, String address) throws InterruptedException {
        if (accounts == null) {
            return new Outcome.NoAccounts();
        }
        if (!budgets.perAddress().tryTake(address)) {
            return new Outcome.Throttled(budgets.perAddress().waitBefore(address));
        }
        if (!budgets.perAccount().tryTake(name)) {
            budgets.perAddress().refund(address);
            return new Outcome.AccountThrottled(budgets.perAccount().waitBefore(name));
        }
        Optional<Account> account = accounts.find(name);
        String encoded = account.map(Account::encodedPassword).orElseGet(() -> standInFor(name));
        PasswordChecks.Verdict verdict = checks.check(password, encoded);
        if (verdict == PasswordChecks.Verdict.BUSY || (verdict == PasswordChecks.Verdict.MATCH && account.isPresent())) {
            budgets.perAddress().refund(address);
            budgets.perAccount().refund(name);
        }
        if (verdict == PasswordChecks.Verdict.BUSY) {
            return new Outcome.Busy();
        }
        if (verdict == PasswordChecks.Verdict.MATCH && account.isPresent()) {
            return new Outcome.LoggedIn(account.get());
        }
        Thread.sleep(failureDelay.toMillis());
        return new Outcome.WrongNameOrPassword();
    }

    private String standInFor(String name) {
        String standIn = accounts.standInFor(name);
        if (standIn != null) {
            return standIn;
        }
        // an empty users file: every name is unknown, so there is nothing to tell apart
        if (noAccountHash == null) {
            noAccountHash = checks.encode("no such account");
        }
        return noAccountHash;
    }
}
