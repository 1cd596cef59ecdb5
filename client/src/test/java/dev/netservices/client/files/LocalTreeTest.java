package dev.netservices.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.client.files.TreeMirror.LocalEntry;

/** The local side of a mirror: one walk that reads what the mirror needs of every entry, and leaves out what it must. */
class LocalTreeTest {

    @TempDir
    Path top;

    @Test
    void filesAndFoldersComeWithTheirKindAndSizeHiddenLinksAndPartsLeftOut() throws IOException {
        Files.createDirectories(top.resolve("a/b"));
        Files.write(top.resolve("a/b/data.bin"), new byte[1234]);
        Files.write(top.resolve("top.txt"), new byte[5]);
        Files.createDirectories(top.resolve(".hidden"));
        Files.write(top.resolve(".hidden/inside.txt"), new byte[1]);
        Files.write(top.resolve("a/.dot"), new byte[1]);
        Files.write(top.resolve("a/half.bin.part"), new byte[7]);
        Files.createDirectories(top.resolve("odd.part"));
        Files.write(top.resolve("odd.part/inside.txt"), new byte[1]);
        Files.createSymbolicLink(top.resolve("a/link.txt"), top.resolve("top.txt"));
        Files.createSymbolicLink(top.resolve("linked-folder"), top.resolve("a"));
        Set<String> parts = new HashSet<>();

        Map<String, LocalEntry> tree = TreeMirror.localTree(top, parts, new ArrayList<>());

        assertThat(tree).containsOnlyKeys("a", "a/b", "a/b/data.bin", "top.txt");
        assertThat(tree.get("a").folder()).isTrue();
        assertThat(tree.get("a/b").folder()).isTrue();
        assertThat(tree.get("a/b/data.bin")).isEqualTo(new LocalEntry(top.resolve("a/b/data.bin"), false, 1234));
        assertThat(tree.get("top.txt").size()).isEqualTo(5);
        assertThat(parts).containsExactlyInAnyOrder("a/half.bin.part", "odd.part");
    }

    @Test
    void anEmptyFolderHasAnEmptyTree() throws IOException {
        assertThat(TreeMirror.localTree(top, new HashSet<>(), new ArrayList<>())).isEmpty();
    }

    @Test
    void namesThatAreNotValidInTheFileNameEncodingAreSetAsideNotSentUnderAnotherName() throws Exception {
        // a file and a folder named in Latin-1 (0xE9, é) on a UTF-8 system: Java shows U+FFFD for the byte, and a
        // mirror uploaded them under that other name, which no download could bring back to the same file
        Files.write(top.resolve("plain.txt"), new byte[2]);
        Process made = new ProcessBuilder("sh", "-c", "printf x > \"$(printf 'caf\\351.txt')\" && mkdir \"$(printf 'd\\351')\""
                + " && printf y > \"$(printf 'd\\351')/inside.txt\"").directory(top.toFile()).start();
        assertThat(made.waitFor()).isZero();
        List<String> misnamed = new ArrayList<>();

        Map<String, LocalEntry> tree = TreeMirror.localTree(top, new HashSet<>(), misnamed);

        assertThat(tree).containsOnlyKeys("plain.txt");
        assertThat(misnamed).containsExactlyInAnyOrder("caf\uFFFD.txt", "d\uFFFD");
    }
}
