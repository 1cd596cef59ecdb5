package dev.netservices.common.time;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A point in monotonic time by which something must have happened.
 *
 * <p>Every "wait until X or give up" in the platform goes through here, so the arithmetic that is easy
 * to get wrong ({@code nanoTime} values may wrap: compare differences, never values) is written once.
 */
public record Deadline(ServiceClock clock, long atNanos) {

    public static Deadline after(Duration timeout, ServiceClock clock) {
        return new Deadline(clock, clock.nanoTime() + timeout.toNanos());
    }

    public boolean expired() {
        return clock.nanoTime() - atNanos >= 0;
    }

    /** Time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - clock.nanoTime()));
    }

    /**
     * Polls {@code condition} every {@code interval} until it holds (true) or the deadline passes (false).
     * For waits that happen once (a shutdown drain), where a poll is simpler than a signal.
     */
    public boolean await(BooleanSupplier condition, Duration interval) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (expired()) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(interval.toMillis(), remaining().toMillis())));
        }
        return true;
    }
}
