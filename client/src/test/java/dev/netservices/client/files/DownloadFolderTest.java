package dev.netservices.client.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever name arrives, a download lands directly inside the chosen folder or nowhere. */
class DownloadFolderTest {

    @TempDir
    Path sandbox;

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "..", ".", "../x", "../../etc/passwd", "/etc/passwd", "a/b", "a\\b", "..\\x", "C:", "C:\\x",
            ".bashrc", ".ssh", "nul\u0000", "bell\u0007", "line\nbreak", "cr\r", "esc\u001b[2J", "sep\u2028", " lead", "trail "})
    void unsafeNamesAreRefused(String name) throws IOException {
        DownloadFolder folder = new DownloadFolder(sandbox.resolve("downloads"));
        assertThatThrownBy(() -> folder.target(name)).isInstanceOf(DownloadFolder.UnsafeNameException.class)
                .hasMessageStartingWith("refusing to save");
    }

    @Test
    void overLongNameIsRefused() throws IOException {
        DownloadFolder folder = new DownloadFolder(sandbox);
        assertThatThrownBy(() -> folder.target("x".repeat(251))).hasMessageContaining("too long");
    }

    @Test
    void symbolicLinkOrFolderAlreadyThereIsNotWrittenThrough() throws IOException {
        DownloadFolder folder = new DownloadFolder(sandbox.resolve("downloads"));
        Files.createSymbolicLink(folder.path().resolve("link.txt"), sandbox.resolve("elsewhere.txt"));
        Files.createSymbolicLink(folder.path().resolve("part.txt.part"), sandbox.resolve("elsewhere.txt"));
        Files.createDirectory(folder.path().resolve("sub"));
        assertThatThrownBy(() -> folder.target("link.txt")).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> folder.target("part.txt")).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> folder.target("sub")).hasMessageContaining("folder");
    }

    @Test
    void ordinaryNamesResolveDirectlyInsideTheFolder() throws IOException {
        DownloadFolder folder = new DownloadFolder(sandbox.resolve("created/on/demand"));
        assertThat(folder.target("report 2024.pdf")).isEqualTo(folder.path().resolve("report 2024.pdf"));
        assertThat(folder.target("日本語.txt").getParent()).isEqualTo(folder.path());
        assertThat(folder.partOf(folder.target("a.bin")).getFileName()).hasToString("a.bin.part");
    }

    @Test
    void foldersOfOneMirrorShareTheTopsFileStoreOnItsDevice() throws IOException {
        DownloadFolder top = new DownloadFolder(sandbox.resolve("mirror"));
        DownloadFolder sub = new DownloadFolder(sandbox.resolve("mirror/a/b"), top);
        assertThat(sub.store()).isSameAs(top.store()).isEqualTo(Files.getFileStore(sub.path()));
        assertThat(sub.freeSpace()).isPositive();
    }

    @Test
    void aFolderOnAnotherDeviceFindsItsOwnFileStore() throws IOException {
        Path other = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(other) && Files.isWritable(other), "no /dev/shm here");
        Assumptions.assumeFalse(Files.getAttribute(other, "unix:dev").equals(Files.getAttribute(sandbox, "unix:dev")),
                "/dev/shm is on the sandbox's device here");
        DownloadFolder top = new DownloadFolder(sandbox.resolve("mirror"));
        Path elsewhere = Files.createTempDirectory(other, "download-folder-test");
        try {
            DownloadFolder mounted = new DownloadFolder(elsewhere, top);
            assertThat(mounted.store()).isNotSameAs(top.store()).isEqualTo(Files.getFileStore(elsewhere));
        } finally {
            Files.delete(elsewhere);
        }
    }
}
