package dev.netservices.files.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.store.StoreException.Reason;
import dev.netservices.files.support.TestLimits;

/** File size, quota and free-space limits refuse an upload at admission, before a byte of it is stored. */
class StoreLimitsTest {

    @TempDir
    Path root;

    @Test
    void fileOverTheSizeLimitIsRefusedAtAdmission() throws Exception {
        try (LocalFileStore store = new LocalFileStore(root, TestLimits.store().maxFileSize(1000).build(), false, DiskSync.OFF)) {
            assertThatThrownBy(() -> store.beginUpload("big.bin", 1001)).isInstanceOf(StoreException.class)
                    .hasMessage("1001 bytes is over the file size limit of 1000 bytes")
                    .satisfies(e -> assertThat(((StoreException) e).reason()).isEqualTo(Reason.TOO_LARGE));
            Stored.put(store, "fits.bin", new byte[1000]);
            assertThat(store.list("")).containsExactly(new StoredFile("fits.bin", 1000));
        }
    }

    @Test
    void uploadsBeyondTheQuotaAreRefusedCountingFilesAlreadyStored() throws Exception {
        try (LocalFileStore store = new LocalFileStore(root, TestLimits.store().quota(10_000).build(), false, DiskSync.OFF)) {
            Stored.put(store, "a.bin", new byte[6000]);
            assertThatThrownBy(() -> store.beginUpload("b.bin", 5000)).isInstanceOf(StoreException.class)
                    .hasMessage("5000 bytes would go over the storage quota of 10000 bytes (6000 in use)")
                    .satisfies(e -> assertThat(((StoreException) e).reason()).isEqualTo(Reason.QUOTA));
            Stored.put(store, "c.bin", new byte[4000]);
            assertThat(store.usedBytes()).isEqualTo(10_000);
        }
        assertThat(root.resolve("b.bin")).doesNotExist();
    }

    @Test
    void quotaCountsFilesPresentAtStart() throws Exception {
        Files.write(root.resolve("old.bin"), new byte[900]);
        try (LocalFileStore store = new LocalFileStore(root, TestLimits.store().quota(1000).build(), false, DiskSync.OFF)) {
            assertThatThrownBy(() -> store.beginUpload("new.bin", 200)).hasMessageStartingWith("200 bytes would go over the storage quota");
        }
    }

    @Test
    void filesAddedOrRemovedByHandAreCountedAMomentLater() throws Exception {
        try (LocalFileStore store = new LocalFileStore(root, TestLimits.store().quota(1000).build(), false, DiskSync.OFF)) {
            Files.write(root.resolve("by-hand.bin"), new byte[900]);
            // the library folder is watched: a file added by hand is counted a moment later
            await().atMost(Duration.ofSeconds(10)).until(() -> store.usedBytes() == 900);
            assertThat(store.list("")).containsExactly(new StoredFile("by-hand.bin", 900));
            assertThatThrownBy(() -> store.beginUpload("new.bin", 200)).hasMessageStartingWith("200 bytes would go over the storage quota");
            Files.delete(root.resolve("by-hand.bin"));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.usedBytes() == 0);
            assertThat(store.list("")).isEmpty();
            Stored.put(store, "new.bin", new byte[200]);
        }
    }

    @Test
    void uploadThatWouldEatIntoTheFreeSpaceReserveIsRefused() throws Exception {
        try (LocalFileStore store = new LocalFileStore(root, TestLimits.store().minFreeSpace(Long.MAX_VALUE / 2).build(), false,
                DiskSync.OFF)) {
            assertThatThrownBy(() -> store.beginUpload("a.bin", 10)).hasMessageStartingWith("not enough free disk space for 10 bytes")
                    .satisfies(e -> assertThat(((StoreException) e).reason()).isEqualTo(Reason.NO_SPACE));
            assertThat(store.list("")).isEmpty();
        }
        try (var files = Files.list(root)) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
