package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * Names that try to leave the root, hide, or smuggle control characters are refused with
 * {@code ERR 403} naming the reason, for every command, and nothing is written anywhere.
 */
class HostileNamesTest {

    @TempDir
    Path sandbox;

    private Path root;
    private TestServer server;

    static List<String> hostileNames() {
        return List.of(
                "..", ".", "...", "../secret.txt", "../../../../../../etc/passwd", "/etc/passwd", "/", "//server/share",
                "..\\..\\boot.ini", "\\windows\\win.ini", "a/b", "a\\b", "./a", "a/../b", "a/./b", "~/.bashrc", "sub/",
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
        server = TestServer.on(root).overwrite(true).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void corpusHasAtLeastThirtyNames() {
        assertThat(hostileNames()).hasSizeGreaterThanOrEqualTo(30).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileNameIsRefusedByEveryCommandWithItsReason(String name) throws IOException {
        try (Wire wire = server.connect()) {
            assertThat(wire.command("GET " + name)).as("GET").startsWith("ERR 403 refused name: ");
            assertThat(wire.command("STAT " + name)).as("STAT").startsWith("ERR 403 refused name: ");
            assertThat(wire.put(name, "pwned".getBytes())).as("PUT").startsWith("ERR 403 refused name: ");
            assertThat(wire.command("LIST")).as("still in sync, nothing listed").isEqualTo("OK 0 bytes, 0 files");
        }
        assertThat(sandbox.resolve("secret.txt")).hasContent("outside the root");
        assertThat(root.resolve(".hidden")).hasContent("hidden inside the root");
        assertThat(entries(sandbox)).containsExactlyInAnyOrder("root", "secret.txt");
        assertThat(entries(root)).containsExactlyInAnyOrder(".hidden", "link-out", "link-hidden", "dangling", "link-up-folder");
    }

    @Test
    void reasonsAreNamedInTheReply() throws IOException {
        try (Wire wire = server.connect()) {
            assertThat(wire.command("GET ..")).isEqualTo("ERR 403 refused name: name is . or ..");
            assertThat(wire.command("GET ../x")).isEqualTo("ERR 403 refused name: name contains / or \\");
            assertThat(wire.command("GET .env")).isEqualTo("ERR 403 refused name: hidden names (starting with a dot) are not served");
            assertThat(wire.command("GET C:")).isEqualTo("ERR 403 refused name: name is an absolute path");
            assertThat(wire.command("GET a\u0000b")).isEqualTo("ERR 403 refused name: name contains a control character");
            assertThat(wire.command("GET link-out")).isEqualTo("ERR 403 refused name: name leads outside the root");
            assertThat(wire.command("GET " + "y".repeat(300))).isEqualTo("ERR 403 refused name: name is too long");
        }
    }

    private static List<String> entries(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
