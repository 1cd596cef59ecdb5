package dev.netservices.files.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.netservices.files.store.StoreException.Reason;
import dev.netservices.files.support.TestLimits;

/**
 * The store's name rules, at its API: names that try to leave the root, hide, smuggle control characters or
 * deceive a reader are refused by every operation with the reason, nothing is written anywhere, and names
 * are compared in NFC.
 */
class StoreNamesTest {

    @TempDir
    Path sandbox;

    private Path root;
    private LocalFileStore store;

    static List<String> hostileNames() {
        return List.of(
                "..", ".", "...", "../secret.txt", "../../../../../../etc/passwd", "/etc/passwd", "/", "//server/share",
                "..\\..\\boot.ini", "\\windows\\win.ini", "a\\b", "./a", "a/../b", "a/./b", "~/.bashrc", "sub/",
                // paths: every segment obeys the rules, and nothing resolves out through a folder or a link
                "sub/../../secret.txt", "sub/..", "sub//x", "sub/./x", "sub/.hidden/x", "sub/.upload-1.tmp", "/sub/x",
                "sub/link-out", "link-up-folder/secret.txt", "link-up-folder/root/ok.txt", "sub/link-up/secret.txt",
                "sub/CON", "sub/a:b", "sub/evil\u202Etxt", "sub/" + "x".repeat(256),
                "C:", "C:\\Windows\\system.ini", "c:file", ".hidden", ".ssh", ".upload-0000.tmp", ".env",
                "nul\u0000byte", "a\u0000.txt", "tab\tin", "bell\u0007", "delete\u007f", "next\u0085line", "escape\u001b[31m",
                "line\u2028sep", "para\u2029sep", "x".repeat(256), "é".repeat(128),
                "link-out", "link-hidden", "dangling", "link-up-folder");
    }

    @BeforeEach
    void start() throws IOException {
        root = Files.createDirectory(sandbox.resolve("root"));
        Files.writeString(sandbox.resolve("secret.txt"), "outside the root");
        Files.writeString(root.resolve(".hidden"), "hidden inside the root");
        Files.createSymbolicLink(root.resolve("link-out"), sandbox.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("link-hidden"), root.resolve(".hidden"));
        Files.createSymbolicLink(root.resolve("dangling"), sandbox.resolve("nowhere"));
        Files.createSymbolicLink(root.resolve("link-up-folder"), sandbox);
        Files.createDirectories(root.resolve("sub/.hidden"));
        Files.writeString(root.resolve("sub/.hidden/x"), "hidden folder");
        Files.createSymbolicLink(root.resolve("sub/link-out"), sandbox.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("sub/link-up"), sandbox);
        store = new LocalFileStore(root, TestLimits.store().build(), true, DiskSync.OFF);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileNameIsRefusedByEveryOperationAndNothingIsWritten(String name) throws Exception {
        Stored.put(store, "ok.txt", "ok".getBytes());
        // one name, one reason: every operation refuses it saying the same why (not only "refused name")
        String reason = refusal(() -> store.stat(name));
        assertThat(reason).matches("(?s)refused name: \\S.{3,}");
        assertThat(refusal(() -> store.openForRead(name, 0))).isEqualTo(reason);
        assertThat(refusal(() -> store.beginUpload(name, 5))).isEqualTo(reason);
        assertThat(refusal(() -> store.delete(name))).isEqualTo(reason);
        assertThat(refusal(() -> store.rename(name, "x.txt"))).isEqualTo(reason);
        assertThat(refusal(() -> store.rename("ok.txt", name))).isEqualTo(reason);
        assertThat(store.list("")).containsExactly(new StoredFile("ok.txt", 2), new StoredFile("sub", StoredFile.FOLDER));
        assertThat(store.list("sub")).isEmpty();
        assertThat(refusal(() -> store.makeFolder(name))).isEqualTo(reason);
        assertThat(refusal(() -> store.removeFolder(name))).isEqualTo(reason);
        assertThat(sandbox.resolve("secret.txt")).hasContent("outside the root");
        assertThat(root.resolve(".hidden")).hasContent("hidden inside the root");
        assertThat(entries(sandbox)).containsExactlyInAnyOrder("root", "secret.txt");
        assertThat(entries(root)).containsExactlyInAnyOrder(".hidden", "link-out", "link-hidden", "dangling", "link-up-folder", "ok.txt", "sub");
        assertThat(entries(root.resolve("sub"))).containsExactlyInAnyOrder(".hidden", "link-out", "link-up");
    }

    @Test
    void eachRefusalNamesItsReason() {
        assertRefused(() -> store.stat(".."), "refused name: name is . or ..");
        assertRefused(() -> store.stat("../x"), "refused name: name is . or ..");
        assertRefused(() -> store.stat("a\\x"), "refused name: name contains / or \\");
        assertRefused(() -> store.stat("sub/link-up/secret.txt"), "refused name: name leads outside the root");
        assertRefused(() -> store.stat(".env"), "refused name: hidden names (starting with a dot) are not served");
        assertRefused(() -> store.stat("C:"), "refused name: name starts with a drive letter (X:)");
        assertRefused(() -> store.stat("a\u0000b"), "refused name: name contains a control character");
        assertRefused(() -> store.stat("link-out"), "refused name: name leads outside the root");
        assertRefused(() -> store.stat("y".repeat(300)), "refused name: name is longer than 255 bytes");
    }

    @Test
    void aFileInAFolderIsItsOwnEntryAndALinkInsideTheLibraryLeadsToTheFileItNames() throws Exception {
        store.makeFolder("docs");
        Stored.put(store, "docs/a.txt", "plain".getBytes());
        Files.createSymbolicLink(root.resolve("docs/alias.txt"), root.resolve("docs/a.txt"));
        try (Download download = store.openForRead("docs/a.txt", 0)) {
            assertThat(new String(Stored.read(download), StandardCharsets.UTF_8)).isEqualTo("plain");
        }
        try (Download download = store.openForRead("docs/alias.txt", 0)) {
            assertThat(new String(Stored.read(download), StandardCharsets.UTF_8)).isEqualTo("plain");
        }
        assertThat(store.stat("docs/alias.txt").sha256()).isEqualTo(store.stat("docs/a.txt").sha256());
        assertThatThrownBy(() -> store.stat("docs/missing.txt")).isInstanceOf(StoreException.class)
                .hasMessage("no such file: docs/missing.txt");
    }

    @Test
    void namesDifferingOnlyInNormalizationAreOneName() throws Exception {
        String decomposed = "cafe\u0301.txt";
        String composed = "caf\u00e9.txt";
        store.close();
        store = new LocalFileStore(root, TestLimits.store().build(), false, DiskSync.OFF);
        Stored.put(store, decomposed, "first".getBytes());
        assertThatThrownBy(() -> Stored.put(store, composed, "second".getBytes())).isInstanceOf(StoreException.class)
                .hasMessage(composed + " already exists and overwriting is off");
        try (Download download = store.openForRead(composed, 0)) {
            assertThat(new String(Stored.read(download), StandardCharsets.UTF_8)).isEqualTo("first");
        }
        assertThat(store.stat(decomposed).name()).isEqualTo(composed);
        assertThat(store.list("")).containsExactly(new StoredFile(composed, 5), new StoredFile("sub", StoredFile.FOLDER));
        assertThat(entries(root)).contains(composed).doesNotContain(decomposed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "report\u202Etxt.exe | a format character (U+202E)",
            "in\u2066visible | a format character (U+2066)",
            "zero\u200Bwidth | a format character (U+200B)",
            "joiner\u200D.txt | a format character (U+200D)",
            "\uFEFFbom.txt | a format character (U+FEFF)",
            "tag\uDB40\uDC41.txt | a format character (U+E0041)",
            "non\uFFFEchar | a noncharacter (U+FFFE)",
            "non\uFDD0char | a noncharacter (U+FDD0)",
            "unassigned\u0378 | an unassigned code point (U+0378)",
            "private\uE000 | a private-use character (U+E000)",
            "a\uFF0Fb | a look-alike of / \\ or . (U+FF0F)",
            "a\u2215b | a look-alike of / \\ or . (U+2215)",
            "a\u2024txt | a look-alike of / \\ or . (U+2024)",
            "a\uFF3Cb | a look-alike of / \\ or . (U+FF3C)",
            "trailing\u3000 | a space other than U+0020 (U+3000)",
            "no\u00A0break | a space other than U+0020 (U+00A0)"})
    void deceptiveNameIsRefusedWithItsReasonByEveryOperation(String name, String reason) throws Exception {
        String expected = "refused name: name contains " + reason;
        assertRefused(() -> store.beginUpload(name, 1), expected);
        assertRefused(() -> store.openForRead(name, 0), expected);
        assertRefused(() -> store.stat(name), expected);
        assertRefused(() -> store.delete(name), expected);
        assertRefused(() -> store.rename(name, "ok.txt"), expected);
        assertThat(store.list("")).containsExactly(new StoredFile("sub", StoredFile.FOLDER));
    }

    @Test
    void deceptiveFilesPutInTheFolderByHandAreNotListed() throws Exception {
        Files.writeString(root.resolve("evil\u202Etxt.exe"), "x");
        Files.writeString(root.resolve("fine.txt"), "y");
        store.close();
        store = new LocalFileStore(root, TestLimits.store().build(), true, DiskSync.OFF);
        assertThat(store.list("")).containsExactly(new StoredFile("fine.txt", 1), new StoredFile("sub", StoredFile.FOLDER));
    }

    private static void assertRefused(ThrowingCallable operation, String message) {
        assertThat(refusal(operation)).isEqualTo(message);
    }

    /** The message of the refusal {@code operation} must end in. */
    private static String refusal(ThrowingCallable operation) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(operation);
        assertThat(thrown).isInstanceOf(StoreException.class)
                .satisfies(e -> assertThat(((StoreException) e).reason()).isEqualTo(Reason.REFUSED_NAME));
        return thrown.getMessage();
    }

    private static List<String> entries(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
