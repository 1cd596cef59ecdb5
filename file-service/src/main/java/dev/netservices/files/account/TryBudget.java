package dev.netservices.files.account;

import java.time.Duration;

import dev.netservices.common.budget.AddressBudget;

/**
 * A budget of failed LOGIN tries per key (a client address, an account name): common's {@link AddressBudget} in one
 * process, or one shared by every replica (files.metadata=postgres), so tries spread over replicas add up.
 */
public interface TryBudget {

    /** Takes one try; false when none is left. */
    boolean tryTake(String key);

    /** Gives back a try that should not count. */
    void refund(String key);

    /** Zero when {@code key} may try now, else how long it must wait. */
    Duration waitBefore(String key);

    /** The budget of one process. */
    static TryBudget of(AddressBudget<String> budget) {
        return new TryBudget() {
            @Override
            public boolean tryTake(String key) {
                return budget.tryTake(key);
            }

            @Override
            public void refund(String key) {
                budget.refund(key);
            }

            @Override
            public Duration waitBefore(String key) {
                return budget.waitBefore(key);
            }
        };
    }
}
