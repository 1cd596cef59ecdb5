package dev.netservices.files.session;

import java.time.Duration;

/** Durations as a reply shows them: {@code 10s}, {@code 5m}, {@code 250ms}, not ISO's {@code PT10S}. */
final class Durations {

    private Durations() {
    }

    static String shown(Duration duration) {
        if (duration.toMillis() % 60_000 == 0 && duration.toMillis() > 0) {
            return duration.toMinutes() + "m";
        }
        if (duration.toMillis() % 1000 == 0) {
            return duration.toSeconds() + "s";
        }
        return duration.toMillis() + "ms";
    }
}
