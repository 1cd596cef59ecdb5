package dev.netservices.web.reactor;

import java.time.Instant;

/** Time as the event loops see it; tests may supply their own. */
public interface Clock {

    /** Monotonic time for deadlines. */
    long nanoTime();

    /** Wall time for Date headers and the access log. */
    Instant now();

    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };
}
