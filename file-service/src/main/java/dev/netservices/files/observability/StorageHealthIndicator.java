package dev.netservices.files.observability;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.netservices.files.store.FileStore;
import dev.netservices.files.store.StoreLimits;

/** UP while the library's folder is writable and its disk has more free space than the reserve. */
public final class StorageHealthIndicator implements HealthIndicator {

    private final FileStore store;
    private final long minFreeSpace;
    private final long quota;

    public StorageHealthIndicator(FileStore store, StoreLimits limits) {
        this.store = store;
        this.minFreeSpace = limits.minFreeSpace();
        this.quota = limits.quota();
    }

    @Override
    public Health health() {
        boolean writable = store.isWritable();
        long free = store.usableSpace();
        boolean enoughSpace = free >= minFreeSpace;
        Health.Builder health = writable && enoughSpace ? Health.up() : Health.down();
        if (!writable) {
            health.withDetail("error", "the files root is not writable");
        } else if (!enoughSpace) {
            health.withDetail("error", "free disk space is below files.min-free-space");
        }
        return health.withDetail("writable", writable)
                .withDetail("freeBytes", free)
                .withDetail("minFreeBytes", minFreeSpace)
                .withDetail("usedBytes", store.usedBytes())
                .withDetail("quotaBytes", quota)
                .build();
    }
}
