package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * A name the store refuses reaches the client as {@code ERR 403} with the store's reason, from every command,
 * with the stream still in sync (a refused PUT's body is read and dropped). The name rules themselves are the
 * store's and tested there ({@code store.StoreNamesTest}); here, names travel over the wire as clients send them.
 */
class RefusedNamesTest {

    @TempDir
    Path sandbox;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "../secret.txt | name is . or ..",
            ".env | hidden names (starting with a dot) are not served",
            "nul\u0000byte | name contains a control character",
            "tab\tin | name contains a control character",
            "report\u202Etxt.exe | name contains a format character (U+202E)",
            "a:b | name starts with a drive letter (X:)",
            "link-out | name leads outside the root"})
    void refusedNameIsAnsweredWithItsReasonByEveryCommand(String name, String reason) throws IOException {
        Path root = Files.createDirectory(sandbox.resolve("root"));
        Files.writeString(sandbox.resolve("secret.txt"), "outside the root");
        Files.createSymbolicLink(root.resolve("link-out"), sandbox.resolve("secret.txt"));
        String expected = "ERR 403 refused name: " + reason;
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            assertThat(wire.command("GET " + name)).as("GET").isEqualTo(expected);
            assertThat(wire.command("STAT " + name)).as("STAT").isEqualTo(expected);
            assertThat(wire.command("DELETE " + name)).as("DELETE").isEqualTo(expected);
            assertThat(wire.command("RENAME \"" + name + "\" ok.txt")).as("RENAME").isEqualTo(expected);
            assertThat(wire.put(name, "pwned".getBytes())).as("PUT").isEqualTo(expected);
            assertThat(wire.command("LIST")).as("still in sync, nothing listed").isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
        }
        assertThat(sandbox.resolve("secret.txt")).hasContent("outside the root");
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("link-out");
        }
    }

    @Test
    void theReplyNamesTheFileAsStoredInNfc() throws IOException {
        Path root = Files.createDirectory(sandbox.resolve("root"));
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            assertThat(wire.put("cafe\u0301.txt", "first".getBytes())).startsWith("OK 5 ");
            assertThat(wire.command("STAT cafe\u0301.txt")).endsWith(" caf\u00e9.txt");
            assertThat(wire.put("caf\u00e9.txt", "x".getBytes())).isEqualTo("ERR 409 caf\u00e9.txt already exists and overwriting is off");
        }
    }
}
