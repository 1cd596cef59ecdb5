package dev.netservices.files.catalog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.files.store.StoreException;

/**
 * Keeps the shared ban scores and LOGIN budgets bounded: once a minute, rows that would answer as a fresh one
 * (no ban in force, no offence within the window; a bucket full again) are deleted, by whichever replica comes first.
 */
public final class Forgetting implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Forgetting.class);

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("files-forgetting").factory());

    public Forgetting(SharedScores scores, Duration window, List<SharedBudget> budgets) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                scores.forgetQuiet(window);
                for (SharedBudget budget : budgets) {
                    budget.forgetRefilled();
                }
            } catch (StoreException e) {
                log.debug("forgetting put off: {}", e.getMessage());
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
