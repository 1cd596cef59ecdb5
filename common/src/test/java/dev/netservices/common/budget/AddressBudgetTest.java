package dev.netservices.common.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.netservices.common.time.ManualClock;

class AddressBudgetTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void aKeyGetsItsBurstThenOneTryPerRefill() {
        AddressBudget<String> budget = new AddressBudget<>(3, Duration.ofSeconds(10), 100, clock);
        assertThat(budget.tryTake("a")).isTrue();
        assertThat(budget.tryTake("a")).isTrue();
        assertThat(budget.tryTake("a")).isTrue();
        assertThat(budget.tryTake("a")).isFalse();
        assertThat(budget.waitBefore("a")).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(4));
        assertThat(budget.waitBefore("a")).isEqualTo(Duration.ofSeconds(6));
        assertThat(budget.tryTake("a")).isFalse();
        clock.advance(Duration.ofSeconds(6));
        assertThat(budget.tryTake("a")).isTrue();
        assertThat(budget.tryTake("a")).isFalse();
    }

    @Test
    void keysHaveBudgetsOfTheirOwn() {
        AddressBudget<String> budget = new AddressBudget<>(1, Duration.ofMinutes(1), 100, clock);
        assertThat(budget.tryTake("a")).isTrue();
        assertThat(budget.tryTake("a")).isFalse();
        assertThat(budget.tryTake("b")).isTrue();
        assertThat(budget.waitBefore("never-seen")).isZero();
    }

    @Test
    void aRefundedTryDoesNotCount() {
        AddressBudget<String> budget = new AddressBudget<>(2, Duration.ofMinutes(1), 100, clock);
        for (int i = 0; i < 10; i++) {
            assertThat(budget.tryTake("a")).isTrue();
            budget.refund("a");
        }
        assertThat(budget.tryTake("a")).isTrue();
        assertThat(budget.tryTake("a")).isTrue();
        assertThat(budget.tryTake("a")).isFalse();
    }

    @Test
    void refundsNeverRaiseABudgetPastItsBurst() {
        AddressBudget<String> budget = new AddressBudget<>(2, Duration.ofMinutes(1), 100, clock);
        budget.tryTake("a");
        budget.refund("a");
        budget.refund("a");
        budget.refund("a");
        assertThat(budget.tryTake("a")).isTrue();
        assertThat(budget.tryTake("a")).isTrue();
        assertThat(budget.tryTake("a")).isFalse();
    }

    @Test
    void aFullTableForgetsOnlyKeysThatHaveRefilled() {
        AddressBudget<String> budget = new AddressBudget<>(1, Duration.ofSeconds(1), 2, clock);
        assertThat(budget.tryTake("a")).isTrue();
        assertThat(budget.tryTake("b")).isTrue();
        // Neither a nor b has earned its try back: forgetting one would reset its budget, so c is refused.
        assertThat(budget.tryTake("c")).isFalse();
        assertThat(budget.tracked()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.tryTake("c")).isTrue();
        assertThat(budget.tracked()).isEqualTo(2);
        assertThat(budget.tryTake("a")).as("a was forgotten, having refilled: a fresh bucket is the same").isTrue();
    }
}
