package dev.netservices.common.time;

import java.time.Instant;

/**
 * The one source of time for every timeout, idle sweep, rate window and timestamp in a service.
 *
 * <p>Monotonic time ({@link #nanoTime()}) measures durations and deadlines: it never jumps when the
 * wall clock is set. Wall time ({@link #now()}) is only for what people read: {@code Date} headers,
 * log and listing timestamps. Each service has one bean of this type ({@link ServiceClockAutoConfiguration});
 * tests replace it with a clock they move by hand, so no test sleeps to wait out a timeout.
 */
public interface ServiceClock {

    /** Monotonic nanoseconds, for deadlines and durations; comparable only with other values of this clock. */
    long nanoTime();

    /** Wall time, for what people read. */
    Instant now();

    /** Wall milliseconds since the epoch; the cheap form of {@link #now()}. */
    default long currentTimeMillis() {
        return now().toEpochMilli();
    }

    /** The real clock. */
    ServiceClock SYSTEM = new ServiceClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public String toString() {
            return "ServiceClock.SYSTEM";
        }
    };
}
