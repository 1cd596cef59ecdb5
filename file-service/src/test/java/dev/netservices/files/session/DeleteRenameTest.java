package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * DELETE and RENAME over the wire: their replies, usage errors and quoted names. What they do to the library
 * (atomic, counted in the quota, harmless to open downloads) is tested at the store ({@code store.StoreDeleteRenameTest}).
 */
@ExtendWith(OutputCaptureExtension.class)
class DeleteRenameTest {

    @TempDir
    Path root;

    @Test
    void deleteAnswersWhatItDidAndWhyNot() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            wire.put("old.txt", "12345".getBytes());
            assertThat(server.store().usedBytes()).isEqualTo(5);
            assertThat(wire.command("DELETE old.txt")).isEqualTo("OK deleted old.txt");
            assertThat(wire.command("LIST")).isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
            assertThat(server.store().usedBytes()).isZero();
            assertThat(wire.command("DELETE old.txt")).isEqualTo("ERR 404 no such file: old.txt");
            assertThat(wire.command("DELETE ../x")).isEqualTo("ERR 403 refused name: name is . or ..");
            assertThat(wire.command("DELETE .hidden")).startsWith("ERR 403 refused name: hidden names");
            assertThat(wire.command("DELETE")).isEqualTo("ERR 400 usage: DELETE <name>");
        }
        assertThat(root.resolve("old.txt")).doesNotExist();
    }

    @Test
    void renameTakesQuotedNamesAndAnswersWhatItDidAndWhyNot() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            wire.put("draft.txt", "draft".getBytes());
            wire.put("taken.txt", "taken".getBytes());
            assertThat(wire.command("RENAME draft.txt \"final version.txt\"")).isEqualTo("OK renamed draft.txt to final version.txt");
            assertThat(wire.get("final version.txt 0")).asString().isEqualTo("draft");
            assertThat(wire.command("STAT final version.txt")).contains(Wire.sha256("draft".getBytes()));
            assertThat(wire.command("RENAME \"final version.txt\" taken.txt")).isEqualTo("ERR 409 taken.txt already exists and overwriting is off");
            assertThat(wire.command("RENAME missing.txt x.txt")).isEqualTo("ERR 404 no such file: missing.txt");
            assertThat(wire.command("RENAME taken.txt ../escape")).isEqualTo("ERR 403 refused name: name is . or ..");
            assertThat(wire.command("RENAME taken.txt")).startsWith("ERR 400 usage: RENAME <old> <new>");
            assertThat(wire.command("RENAME \"unclosed x")).startsWith("ERR 400 usage: RENAME <old> <new>");
            assertThat(wire.command("RENAME \"say \\\"hi\\\"\" b")).isEqualTo("ERR 404 no such file: say \"hi\"");
            assertThat(server.store().usedBytes()).isEqualTo(10);
        }
        assertThat(root.resolve("final version.txt")).hasContent("draft");
        assertThat(root.resolve("taken.txt")).hasContent("taken");
        assertThat(root.resolve("draft.txt")).doesNotExist();
    }

    @Test
    void anEmptyNameInARenameIsAUsageErrorNotAMoveOfTheTopFolder(CapturedOutput log) throws IOException {
        // "" is the top folder to the store: RENAME "" x tried to move the library into itself (ERR 500, a stack trace)
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            wire.put("a.txt", "a".getBytes());
            assertThat(wire.command("MKDIR docs")).isEqualTo("OK made folder docs");
            assertThat(wire.command("RENAME \"\" x")).isEqualTo("ERR 400 usage: RENAME <old> <new> (a name is empty)");
            assertThat(wire.command("RENAME a.txt \"\"")).isEqualTo("ERR 400 usage: RENAME <old> <new> (a name is empty)");
            assertThat(wire.command("RENAME docs \"\"")).isEqualTo("ERR 400 usage: RENAME <old> <new> (a name is empty)");
            assertThat(wire.command("LIST")).isEqualTo("OK 18 bytes follow: 1 file, 1 folder");
        }
        assertThat(root.resolve("a.txt")).hasContent("a");
        assertThat(log.getOut()).doesNotContain("store failure").doesNotContain("Exception");
    }

    @Test
    void renameOverAnExistingNameIsAnsweredOkWhenOverwriteIsOn() throws IOException {
        try (TestServer server = TestServer.on(root).overwrite(true).start(); Wire wire = server.connect()) {
            wire.put("new.txt", "new!".getBytes());
            wire.put("live.txt", "old".getBytes());
            assertThat(wire.command("RENAME new.txt live.txt")).isEqualTo("OK renamed new.txt to live.txt");
            assertThat(wire.get("live.txt")).asString().isEqualTo("new!");
            assertThat(wire.command("LIST")).isEqualTo("OK 12 bytes follow: 1 file, 0 folders");
            assertThat(server.store().usedBytes()).isEqualTo(4);
        }
    }
}
