package dev.netservices.files.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.netservices.files.store.StoreException.Reason;
import dev.netservices.files.support.TestLimits;

/**
 * Names that a reader takes for one another cannot coexist: differing only by case, compatibility form
 * (ligatures, fullwidth letters) are one name for uniqueness; a trailing dot or space, a colon (NTFS streams) and
 * Windows device names are refused outright. And the upload that loses a race for a name learns so at once.
 */
class NameClashTest {

    @TempDir
    Path root;

    private LocalFileStore store;

    private LocalFileStore store(boolean overwrite) {
        store = new LocalFileStore(root, TestLimits.store().build(), overwrite, DiskSync.OFF);
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "report.pdf | Report.pdf",
            "report.pdf | REPORT.PDF",
            "file.txt | \uFB01le.txt",
            "Report.pdf | \uFF32\uFF45\uFF50\uFF4F\uFF52\uFF54.pdf",
            "stra\u00DFe.txt | STRASSE.txt",
            "\u2460.txt | 1.txt"})
    void aNameThatFoldsLikeAnExistingOneIsAClashEvenWithOverwriteOn(String existing, String spoof) throws Exception {
        LocalFileStore files = store(true);
        Stored.put(files, existing, "real".getBytes());
        assertThatThrownBy(() -> files.beginUpload(spoof, 4)).isInstanceOf(StoreException.class)
                .hasMessage(spoof + " clashes with " + existing + ": names that differ only in case or Unicode form are one name here")
                .satisfies(e -> assertThat(((StoreException) e).reason()).isEqualTo(Reason.EXISTS));
        Stored.put(files, "other.txt", "x".getBytes());
        assertThatThrownBy(() -> files.rename("other.txt", spoof)).isInstanceOf(StoreException.class).hasMessageContaining("clashes with " + existing);
        assertThat(files.list("")).extracting(StoredFile::name).containsExactlyInAnyOrder(existing, "other.txt");
        assertThat(Files.readString(root.resolve(existing))).isEqualTo("real");
    }

    @Test
    void aFileMayBeRenamedToAnotherSpellingOfItsOwnName() throws Exception {
        LocalFileStore files = store(false);
        Stored.put(files, "report.pdf", "real".getBytes());
        files.rename("report.pdf", "Report.pdf");
        assertThat(files.list("")).containsExactly(new StoredFile("Report.pdf", 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"report.pdf.", "report.pdf ", "a.txt::$DATA", "a.txt:hidden", "CON", "con", "nul.txt", "Aux.tar.gz",
            "COM1", "lpt9.log", "COM\u00B9", "CONIN$", "prn .txt"})
    void namesWindowsWouldReadAsAnotherFileOrADeviceAreRefused(String name) {
        LocalFileStore files = store(false);
        assertThatThrownBy(() -> files.beginUpload(name, 1)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("refused name: name ")
                .satisfies(e -> assertThat(((StoreException) e).reason()).isEqualTo(Reason.REFUSED_NAME));
        assertThatThrownBy(() -> files.stat(name)).isInstanceOf(StoreException.class).hasMessageStartingWith("refused name: ");
    }

    @Test
    void eachWindowsRefusalSaysWhy() {
        LocalFileStore files = store(false);
        assertThatThrownBy(() -> files.beginUpload("CON.txt", 1))
                .hasMessage("refused name: name is a Windows device name (CON)");
        assertThatThrownBy(() -> files.beginUpload("a.txt::$DATA", 1))
                .hasMessage("refused name: name contains ':' (on Windows a drive or a stream of another file)");
        assertThatThrownBy(() -> files.beginUpload("a.txt.", 1))
                .hasMessage("refused name: name ends with a dot or a space (Windows drops it, so the name would be another's)");
        assertThatThrownBy(() -> files.beginUpload("C:", 1)).hasMessage("refused name: name starts with a drive letter (X:)");
    }

    @Test
    void namesThatStillDifferAreFine() throws Exception {
        LocalFileStore files = store(false);
        Stored.put(files, "report.pdf", "a".getBytes());
        Stored.put(files, "report-2.pdf", "b".getBytes());
        Stored.put(files, "console.txt", "c".getBytes());
        Stored.put(files, "com10.txt", "d".getBytes());
        assertThat(files.list("")).hasSize(4);
    }

    @Test
    void theUploadsThatLoseARaceForANameAreStoppedWhenTheWinnerCommits() throws Exception {
        store = new LocalFileStore(root, TestLimits.store().quota(12).build(), false, DiskSync.OFF);
        LocalFileStore files = store;
        try (Upload exact = files.beginUpload("race.txt", 4); Upload otherCase = files.beginUpload("RACE.txt", 4);
                Upload winner = files.beginUpload("race.txt", 2)) {
            exact.write(ByteBuffer.wrap("ab".getBytes()));
            otherCase.write(ByteBuffer.wrap("ab".getBytes()));
            winner.write(ByteBuffer.wrap("ok".getBytes()));
            winner.commit();
            try (Upload fillsTheQuota = files.beginUpload("next.txt", 10)) {
                assertThat(fillsTheQuota.size()).as("the losers' 8 reserved bytes came back when the winner committed").isEqualTo(10);
            }
            try (var entries = Files.list(root)) {
                assertThat(entries.map(p -> p.getFileName().toString())).as("and their temporary files deleted").containsExactly("race.txt");
            }
            assertThatThrownBy(() -> exact.write(ByteBuffer.wrap("cd".getBytes())))
                    .hasMessage("race.txt was created by another upload meanwhile")
                    .satisfies(e -> assertThat(((StoreException) e).reason()).isEqualTo(Reason.EXISTS));
            assertThatThrownBy(() -> otherCase.write(ByteBuffer.wrap("cd".getBytes())))
                    .hasMessage("RACE.txt clashes with race.txt, created by another upload meanwhile");
        }
        assertThat(files.list("")).containsExactly(new StoredFile("race.txt", 2));
        assertThat(files.usedBytes()).as("closing the losers releases nothing twice").isEqualTo(2);
    }

    @Test
    void withOverwriteOnTheSameNameIsReplacedNotLost() throws Exception {
        LocalFileStore files = store(true);
        try (Upload first = files.beginUpload("same.txt", 4); Upload second = files.beginUpload("same.txt", 2)) {
            first.write(ByteBuffer.wrap("ab".getBytes()));
            second.write(ByteBuffer.wrap("ok".getBytes()));
            second.commit();
            first.write(ByteBuffer.wrap("cd".getBytes()));
            first.commit();
        }
        assertThat(Files.readString(root.resolve("same.txt"))).isEqualTo("abcd");
    }
}
