package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** Names are compared in NFC, and names that would deceive a reader are refused with the reason, never stripped. */
class DeceptiveNamesTest {

    @TempDir
    Path root;

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.on(root).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void namesDifferingOnlyInNormalizationAreOneName() throws IOException {
        String decomposed = "cafe\u0301.txt";
        String composed = "caf\u00e9.txt";
        try (Wire wire = server.connect()) {
            assertThat(wire.put(decomposed, "first".getBytes())).startsWith("OK 5 ");
            assertThat(wire.put(composed, "second".getBytes())).isEqualTo("ERR 409 " + composed + " already exists and overwriting is off");
            assertThat(wire.get(composed)).asString().isEqualTo("first");
            assertThat(wire.command("STAT " + decomposed)).endsWith(" " + composed);
            assertThat(wire.command("LIST")).isEqualTo("OK 13 bytes, 1 file");
            assertThat(new String(wire.readBytes(13), StandardCharsets.UTF_8)).isEqualTo("5 " + composed + "\r\n");
        }
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(composed);
        }
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
    void deceptiveNameIsRefusedWithItsReasonByEveryCommand(String name, String reason) throws IOException {
        String expected = "ERR 403 refused name: name contains " + reason;
        try (Wire wire = server.connect()) {
            assertThat(wire.put(name, "x".getBytes())).isEqualTo(expected);
            assertThat(wire.command("GET " + name)).isEqualTo(expected);
            assertThat(wire.command("STAT " + name)).isEqualTo(expected);
            assertThat(wire.command("DELETE " + name)).isEqualTo(expected);
            assertThat(wire.command("RENAME \"" + name + "\" ok.txt")).isEqualTo(expected);
            assertThat(wire.command("LIST")).isEqualTo("OK 0 bytes, 0 files");
        }
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void deceptiveFilesPutInTheFolderByHandAreNotListed() throws IOException {
        Files.writeString(root.resolve("evil\u202Etxt.exe"), "x");
        Files.writeString(root.resolve("fine.txt"), "y");
        server.close();
        server = TestServer.on(root).start();
        try (Wire wire = server.connect()) {
            assertThat(wire.command("LIST")).isEqualTo("OK 12 bytes, 1 file");
        }
    }
}
