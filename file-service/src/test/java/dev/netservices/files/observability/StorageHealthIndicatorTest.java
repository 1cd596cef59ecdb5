package dev.netservices.files.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.netservices.files.store.DiskSync;
import dev.netservices.files.store.LocalFileStore;
import dev.netservices.files.store.StoreLimits;
import dev.netservices.files.support.TestLimits;

/** Storage health follows the root's writability and the free-space reserve. */
class StorageHealthIndicatorTest {

    @TempDir
    Path root;

    @Test
    void upWhileWritableWithSpaceAboveTheReserve() {
        StoreLimits limits = TestLimits.store().quota(10_000).minFreeSpace(1024).build();
        try (LocalFileStore store = new LocalFileStore(root, limits, false, DiskSync.OFF)) {
            Health health = new StorageHealthIndicator(store, limits).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("writable", true).containsEntry("quotaBytes", 10_000L).containsKey("freeBytes");
        }
    }

    @Test
    void downWhenFreeSpaceIsBelowTheReserve() {
        StoreLimits limits = TestLimits.store().quota(10_000).minFreeSpace(Long.MAX_VALUE).build();
        try (LocalFileStore store = new LocalFileStore(root, limits, false, DiskSync.OFF)) {
            Health health = new StorageHealthIndicator(store, limits).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("error", "free disk space is below files.min-free-space");
        }
    }
}
