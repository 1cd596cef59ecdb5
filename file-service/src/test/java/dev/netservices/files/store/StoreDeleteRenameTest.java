package dev.netservices.files.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.store.StoreException.Reason;
import dev.netservices.files.support.TestLimits;

/** DELETE and RENAME at the store: atomic, counted in the quota, and harmless to downloads already open. */
class StoreDeleteRenameTest {

    @TempDir
    Path root;

    private LocalFileStore store(boolean overwrite) {
        return new LocalFileStore(root, TestLimits.store().build(), overwrite, DiskSync.OFF);
    }

    @Test
    void deleteRemovesTheFileAndItsBytesFromTheQuota() throws Exception {
        try (LocalFileStore store = store(false)) {
            Stored.put(store, "old.txt", "12345".getBytes());
            assertThat(store.usedBytes()).isEqualTo(5);
            store.delete("old.txt");
            assertThat(store.list("")).isEmpty();
            assertThat(store.usedBytes()).isZero();
            assertThatThrownBy(() -> store.delete("old.txt")).isInstanceOf(StoreException.class).hasMessage("no such file: old.txt")
                    .satisfies(e -> assertThat(((StoreException) e).reason()).isEqualTo(Reason.NOT_FOUND));
        }
        assertThat(root.resolve("old.txt")).doesNotExist();
    }

    @Test
    void renameMovesTheFileAndRefusesToReplaceAnotherWithoutOverwrite() throws Exception {
        try (LocalFileStore store = store(false)) {
            Stored.put(store, "draft.txt", "draft".getBytes());
            Stored.put(store, "taken.txt", "taken".getBytes());
            FileDigest draft = store.stat("draft.txt");
            store.rename("draft.txt", "final version.txt");
            assertThat(store.stat("final version.txt").sha256()).isEqualTo(draft.sha256());
            assertThatThrownBy(() -> store.rename("final version.txt", "taken.txt")).isInstanceOf(StoreException.class)
                    .hasMessage("taken.txt already exists and overwriting is off")
                    .satisfies(e -> assertThat(((StoreException) e).reason()).isEqualTo(Reason.EXISTS));
            assertThatThrownBy(() -> store.rename("missing.txt", "x.txt")).hasMessage("no such file: missing.txt");
            assertThat(store.usedBytes()).isEqualTo(10);
            assertThat(store.list("")).containsExactly(new StoredFile("final version.txt", 5), new StoredFile("taken.txt", 5));
        }
        assertThat(root.resolve("final version.txt")).hasContent("draft");
        assertThat(root.resolve("taken.txt")).hasContent("taken");
        assertThat(root.resolve("draft.txt")).doesNotExist();
    }

    @Test
    void renameReplacesInOneStepWhenOverwriteIsOn() throws Exception {
        try (LocalFileStore store = store(true)) {
            Stored.put(store, "new.txt", "new!".getBytes());
            Stored.put(store, "live.txt", "old".getBytes());
            store.rename("new.txt", "live.txt");
            try (Download live = store.openForRead("live.txt", 0)) {
                assertThat(Stored.read(live)).asString().isEqualTo("new!");
            }
            assertThat(store.list("")).containsExactly(new StoredFile("live.txt", 4));
            assertThat(store.usedBytes()).isEqualTo(4);
        }
    }

    @Test
    void downloadOpenWhileItsFileIsDeletedOrReplacedReadsTheVersionItOpened() throws Exception {
        byte[] original = new byte[4 << 20];
        new Random(1).nextBytes(original);
        Files.write(root.resolve("movie.bin"), original);
        try (LocalFileStore store = store(true)) {
            try (Download download = store.openForRead("movie.bin", 0)) {
                store.delete("movie.bin");
                assertThat(Stored.read(download)).isEqualTo(original);
            }
            Files.write(root.resolve("movie.bin"), original);
            try (Download download = store.openForRead("movie.bin", 0)) {
                Stored.put(store, "movie.bin", "replaced".getBytes());
                assertThat(Stored.read(download)).isEqualTo(original);
            }
        }
    }
}
