package dev.netservices.chat.admin;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;

import dev.netservices.common.time.ServiceClock;

/**
 * Wrong admin credentials, budgeted per source address. An address may send {@code burst} wrong credentials at
 * once, then one more per {@code refill}. While its budget is spent, a request carrying credentials is answered
 * 429 before the password is checked: checking costs a bcrypt hash (tens of milliseconds of CPU), which is what a
 * guesser would otherwise make us spend, and guessing becomes too slow to matter.
 *
 * <p>Memory is bounded: the {@value #MAX_ADDRESSES} addresses that failed most recently are remembered.
 */
final class FailedLoginThrottle {

    static final int MAX_ADDRESSES = 10_000;

    private final int burst;
    private final long refillNanos;
    private final ServiceClock clock;
    /** Access order: the eldest entry failed least recently. Guarded by itself. */
    private final LinkedHashMap<String, Budget> budgets = new LinkedHashMap<>(64, 0.75f, true);

    FailedLoginThrottle(int burst, Duration refill, ServiceClock clock) {
        this.burst = burst;
        this.refillNanos = refill.toNanos();
        this.clock = clock;
    }

    /** Zero when {@code address} may try its credentials now, else how long it must wait. */
    Duration waitBefore(String address) {
        synchronized (budgets) {
            Budget budget = budgets.get(address);
            return budget == null ? Duration.ZERO : budget.waitBefore(clock.nanoTime());
        }
    }

    /** Counts a wrong try from {@code address}; returns how many it has left before it must wait. */
    int failed(String address) {
        long now = clock.nanoTime();
        synchronized (budgets) {
            Budget budget = budgets.computeIfAbsent(address, a -> new Budget(burst, now));
            if (budgets.size() > MAX_ADDRESSES) {
                Iterator<String> eldest = budgets.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
            return budget.take(now);
        }
    }

    /** A token bucket counted in whole tries. */
    private final class Budget {
        private double tries;
        private long lastNanos;

        Budget(int tries, long nowNanos) {
            this.tries = tries;
            this.lastNanos = nowNanos;
        }

        private void refill(long nowNanos) {
            long elapsed = nowNanos - lastNanos;
            if (elapsed > 0) {
                tries = Math.min(burst, tries + (double) elapsed / refillNanos);
                lastNanos = nowNanos;
            }
        }

        Duration waitBefore(long nowNanos) {
            refill(nowNanos);
            return tries >= 1 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil((1 - tries) * refillNanos));
        }

        int take(long nowNanos) {
            refill(nowNanos);
            tries = Math.max(0, tries - 1);
            return (int) tries;
        }
    }
}
