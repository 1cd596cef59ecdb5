package dev.netservices.common.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ServiceClock} that moves only when a test says so: both its monotonic and its wall time
 * advance together by {@link #advance(Duration)}. Shared with the services' tests (common's test jar).
 *
 * <p>It also knows which threads have seen the time it shows now ({@link #readsOfNow(String)}), so a test
 * that checks that nothing happens at a moment (a timeout not yet due) can wait until the product's
 * timer thread has looked at that moment, instead of waiting a while and hoping it did.
 */
public final class ManualClock implements ServiceClock {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicLong elapsedNanos = new AtomicLong();
    /** Per thread name: the last time it read and how many reads saw that time. */
    private final Map<String, long[]> reads = new ConcurrentHashMap<>();

    @Override
    public long nanoTime() {
        return read(elapsedNanos.get());
    }

    @Override
    public Instant now() {
        return START.plusNanos(read(elapsedNanos.get()));
    }

    public void advance(Duration duration) {
        elapsedNanos.addAndGet(duration.toNanos());
    }

    /**
     * How many times threads whose names end with {@code threadNameSuffix} have read the time shown now.
     * Two reads by a timer thread that reads once per run mean one whole run has seen this moment.
     */
    public long readsOfNow(String threadNameSuffix) {
        long now = elapsedNanos.get();
        return reads.entrySet().stream().filter(e -> e.getKey().endsWith(threadNameSuffix)).mapToLong(e -> {
            synchronized (e.getValue()) {
                return e.getValue()[0] == now ? e.getValue()[1] : 0;
            }
        }).sum();
    }

    private long read(long elapsed) {
        long[] last = reads.computeIfAbsent(Thread.currentThread().getName(), name -> new long[] {-1, 0});
        synchronized (last) {
            if (last[0] == elapsed) {
                last[1]++;
            } else {
                last[0] = elapsed;
                last[1] = 1;
            }
        }
        return elapsed;
    }
}
