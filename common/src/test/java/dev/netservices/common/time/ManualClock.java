package dev.netservices.common.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ServiceClock} that moves only when a test says so: both its monotonic and its wall time
 * advance together by {@link #advance(Duration)}. Shared with the services' tests (common's test jar).
 */
public final class ManualClock implements ServiceClock {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicLong elapsedNanos = new AtomicLong();

    @Override
    public long nanoTime() {
        return elapsedNanos.get();
    }

    @Override
    public Instant now() {
        return START.plusNanos(elapsedNanos.get());
    }

    public void advance(Duration duration) {
        elapsedNanos.addAndGet(duration.toNanos());
    }
}
