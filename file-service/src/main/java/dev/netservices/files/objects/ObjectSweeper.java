package dev.netservices.files.objects;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.catalog.Doomed.Doom;
import dev.netservices.files.catalog.UploadLedger.Reservation;
import dev.netservices.files.store.StoreException;

/**
 * The replica's heartbeat: renews the leases of the uploads it is at work on, then removes what no row will ever claim: uploads whose lease lapsed (their replica died mid-upload, or a kept part
 * outlived its retention) lose their reservation and their object in one transaction that dooms the object first,
 * then every doomed object is removed from the store. Every replica runs one; they may race, and lose nothing by it:
 * a row is taken by one conditional delete, and removing an object twice is harmless.
 */
public final class ObjectSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ObjectSweeper.class);
    private static final int BATCH = 100;

    private final ObjectStoreParts parts;
    private final ServiceClock clock;
    private final ScheduledExecutorService timer;
    private final Duration lease;

    /** @param lease how long a lease lasts; the heartbeat renews this replica's every quarter of it, then sweeps */
    public ObjectSweeper(ObjectStoreParts parts, ServiceClock clock, Duration lease) {
        this.parts = parts;
        this.clock = clock;
        this.lease = lease;
        Duration every = lease.dividedBy(4);
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("files-sweeper").factory());
        timer.scheduleWithFixedDelay(this::sweepQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One sweep; answers how many uploads and objects it removed. */
    public int sweep() throws StoreException {
        parts.ledger().renew(java.util.List.copyOf(parts.live()), clock.now().plus(lease));
        int removed = 0;
        for (Reservation lapsed : parts.ledger().lapsed(clock.now(), BATCH)) {
            Reservation gone = parts.ledger().abandon(lapsed.id(), clock.now());
            if (gone != null) {
                log.info("upload of {} abandoned by its replica (lease lapsed): reservation of {} bytes released", gone.path(), gone.size());
                removed++;
            }
        }
        for (Doom doom : parts.doomed().oldest(BATCH)) {
            parts.bucket().remove(doom.objectKey(), doom.multipartId());
            parts.doomed().removed(doom.objectKey());
            removed++;
        }
        return removed;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (StoreException e) {
            log.warn("sweep put off: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("sweep failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
