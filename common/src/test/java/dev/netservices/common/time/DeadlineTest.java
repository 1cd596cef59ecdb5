package dev.netservices.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class DeadlineTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void expiresWhenTheClockReachesIt() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(5), clock);
        assertThat(deadline.expired()).isFalse();
        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(5));
        assertThat(deadline.expired()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(deadline.remaining()).isZero();
    }

    @Test
    void awaitReturnsTrueOnceTheConditionHolds() throws InterruptedException {
        AtomicInteger polls = new AtomicInteger();
        assertThat(Deadline.after(Duration.ofSeconds(1), clock).await(() -> polls.incrementAndGet() >= 3, Duration.ofMillis(1)))
                .isTrue();
        assertThat(polls).hasValue(3);
    }

    @Test
    void awaitGivesUpAtTheDeadline() throws InterruptedException {
        Deadline deadline = Deadline.after(Duration.ofSeconds(1), clock);
        // each poll moves the manual clock, so the deadline passes without any real waiting
        assertThat(deadline.await(() -> {
            clock.advance(Duration.ofMillis(400));
            return false;
        }, Duration.ofMillis(1))).isFalse();
    }
}
