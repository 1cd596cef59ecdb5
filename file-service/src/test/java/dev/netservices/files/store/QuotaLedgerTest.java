package dev.netservices.files.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.root.ConfinedRoot;

/** Space is reserved when an upload is admitted, so two that together do not fit cannot both pass. */
class QuotaLedgerTest {

    @TempDir
    Path root;

    @Test
    void secondUploadThatWouldNotFitBesideTheFirstIsRefusedAtAdmission() throws Exception {
        AtomicLong usable = new AtomicLong(1_000);
        LibraryIndex index = new LibraryIndex(new LibraryNames(new ConfinedRoot(root), StandardCharsets.UTF_8, 16, 1024));
        index.start();
        try {
            QuotaLedger ledger = new QuotaLedger(1L << 30, 100, index, usable::get);
            ledger.reserve(600);
            assertThatThrownBy(() -> ledger.reserve(600)).isInstanceOf(StoreException.class)
                    .hasMessage("not enough free disk space for 600 bytes (keeping 100 bytes free)");
            ledger.reserve(300);
            ledger.release(600);
            ledger.reserve(500);
        } finally {
            index.close();
        }
    }

    @Test
    void quotaCountsUploadsInFlight() throws Exception {
        LibraryIndex index = new LibraryIndex(new LibraryNames(new ConfinedRoot(root), StandardCharsets.UTF_8, 16, 1024));
        index.start();
        try {
            QuotaLedger ledger = new QuotaLedger(1_000, 0, index, () -> -1);
            index.put("a.bin", 400);
            ledger.reserve(500);
            assertThatThrownBy(() -> ledger.reserve(200)).hasMessage("200 bytes would go over the storage quota of 1000 bytes (900 in use)");
            assertThat(ledger.usedBytes()).isEqualTo(400);
        } finally {
            index.close();
        }
    }
}
