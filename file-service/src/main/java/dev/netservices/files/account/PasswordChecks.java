package dev.netservices.files.account;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Runs password checks, at most {@code maxConcurrent} at once ({@code files.login.max-concurrent-checks}).
 * A check is a deliberately slow hash: ninety of them at once on two cores make each take ninety times longer,
 * a real user's among them. Capped, each check runs at full speed and the rest wait their turn, in order, for
 * at most {@code maxWait}; past that the {@code LOGIN} is answered "busy" unchecked. The waiting is bounded by
 * the sessions that can exist, never an unbounded queue.
 *
 * <p>The wait is on the system clock (a {@link Semaphore} knows no other): it bounds a reply, it is not one of
 * the protocol's timeouts.
 */
final class PasswordChecks {

    /** What a check found. */
    enum Verdict { MATCH, NO_MATCH, BUSY }

    private static final Logger log = LoggerFactory.getLogger(PasswordChecks.class);

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final Semaphore slots;
    private final Duration maxWait;
    private final LoginListener listener;

    PasswordChecks(int maxConcurrent, Duration maxWait, LoginListener listener) {
        this.slots = new Semaphore(maxConcurrent, true);
        this.maxWait = maxWait;
        this.listener = listener;
    }

    Verdict check(String password, String encoded) throws InterruptedException {
        if (!slots.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
            return Verdict.BUSY;
        }
        listener.checkStarted(HashCost.of(encoded));
        try {
            return encoder.matches(password, encoded) ? Verdict.MATCH : Verdict.NO_MATCH;
        } catch (RuntimeException e) {
            // AccountLine refuses malformed passwords at load, so this is a bug, not a client's doing: a failed login, never a dead session
            log.warn("a stored password could not be checked ({}); the login fails", e.getClass().getSimpleName());
            return Verdict.NO_MATCH;
        } finally {
            listener.checkEnded();
            slots.release();
        }
    }

    String encode(String password) {
        return encoder.encode(password);
    }
}
