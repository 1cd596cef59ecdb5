package dev.netservices.files.session;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

import dev.netservices.common.time.ServiceClock;

/**
 * Paces one transfer to an account's {@code upload-rate} or {@code download-rate}: a transfer is slowed down, never
 * refused. The rule is "bytes allowed by elapsed time": {@code n} bytes may have moved once {@code n / rate} seconds
 * have passed since the start, so the whole body takes at least {@code size / rate}. A transfer that fell behind (a
 * slow disk, a slow peer) may catch up by at most {@link #MAX_CREDIT_NANOS} of its rate, not by everything it missed,
 * so a stall is never followed by an unpaced burst.
 *
 * <p>Time comes only from the injected {@link ServiceClock}; waiting goes through {@link Pause}, so the arithmetic is
 * tested with a manual clock and a pause that moves it, without sleeping.
 */
final class Pacer {

    /** How a pacer waits; the real one sleeps the session's thread (it is that thread's own transfer that waits). */
    @FunctionalInterface
    interface Pause {
        void nanos(long nanos) throws InterruptedException;

        Pause SLEEP = TimeUnit.NANOSECONDS::sleep;
    }

    /** The most a transfer that fell behind may run ahead of its rate to catch up: one second's worth of bytes. */
    static final long MAX_CREDIT_NANOS = 1_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int MIN_STEP = 4 * 1024;
    private static final int MAX_STEP = 256 * 1024;

    private final long bytesPerSecond;
    private final ServiceClock clock;
    private final Pause pause;
    private long startNanos;
    private long moved;

    /** Starts pacing now. */
    Pacer(long bytesPerSecond, ServiceClock clock, Pause pause) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("a rate is positive: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
        this.pause = pause;
        this.startNanos = clock.nanoTime();
    }

    /**
     * The most bytes worth moving between two waits: about a tenth of a second of the rate, so the transfer flows
     * evenly, within 4 KiB (not a syscall per few bytes) and 256 KiB (the unpaced body buffer).
     */
    int step() {
        return (int) Math.max(MIN_STEP, Math.min(MAX_STEP, bytesPerSecond / 10));
    }

    /** Waits until {@code bytes} more may have moved, then counts them. */
    void take(long bytes) throws IOException {
        long wait = waitFor(bytes);
        moved += bytes;
        if (wait > 0) {
            try {
                pause.nanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while pacing a transfer");
            }
        }
    }

    /** Nanoseconds to wait before {@code bytes} more may have moved; forgets a lag past the credit first. */
    long waitFor(long bytes) {
        long now = clock.nanoTime();
        long lag = now - (startNanos + nanosFor(moved));
        if (lag > MAX_CREDIT_NANOS) {
            // behind by more than the credit: act as if the transfer had started later
            startNanos += lag - MAX_CREDIT_NANOS;
        }
        return Math.max(0, startNanos + nanosFor(moved + bytes) - now);
    }

    /** How long {@code bytes} take at the rate, exact for whole seconds and without overflow for any size. */
    private long nanosFor(long bytes) {
        long seconds = bytes / bytesPerSecond;
        long rest = bytes % bytesPerSecond;
        return seconds * NANOS_PER_SECOND + (long) Math.ceil((double) rest * NANOS_PER_SECOND / bytesPerSecond);
    }
}
