package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.account.Access;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * Access is denied by default: every command declares the access it needs, only an explicit few run before
 * login, and over a real socket every command that needs more than the session has is refused.
 */
class CommandAccessTest {

    /** One line per command; a new command fails {@link #everyCommandHasARuleAndALineHere()} until it is added. */
    private static final Map<Class<?>, String> LINES = new LinkedHashMap<>();

    static {
        LINES.put(Command.ListFiles.class, "LIST");
        LINES.put(Command.Get.class, "GET a.txt");
        LINES.put(Command.Put.class, "PUT new.txt 0");
        LINES.put(Command.Stat.class, "STAT a.txt");
        LINES.put(Command.Delete.class, "DELETE a.txt");
        LINES.put(Command.Rename.class, "RENAME a.txt b.txt");
        LINES.put(Command.Quota.class, "QUOTA");
        LINES.put(Command.MakeFolder.class, "MKDIR new");
        LINES.put(Command.RemoveFolder.class, "RMDIR old");
        LINES.put(Command.Login.class, "LOGIN bob builder");
        LINES.put(Command.Help.class, "HELP");
        LINES.put(Command.Quit.class, "QUIT");
        LINES.put(Command.Invalid.class, "FROBNICATE");
    }

    @TempDir
    Path root;

    @Test
    void everyCommandHasARuleAndALineHere() {
        assertThat(Command.class.getPermittedSubclasses()).as("every command of the sealed interface has a line in this test")
                .containsExactlyInAnyOrderElementsOf(LINES.keySet());
        LINES.forEach((type, line) -> {
            Command command = CommandParser.parse(line);
            assertThat(command).as(line).isInstanceOf(type);
            assertThat(command.rule()).as(line).isNotNull();
            assertThat(command.rule().needs()).as(line).isNotNull();
        });
    }

    @Test
    void onlyLoginHelpQuitAndBadLinesRunBeforeLogin() {
        Set<Class<?>> open = Arrays.stream(Command.class.getPermittedSubclasses())
                .filter(type -> CommandParser.parse(LINES.get(type)).rule().allows(Access.NONE))
                .collect(Collectors.toSet());
        assertThat(open).containsExactlyInAnyOrder(Command.Login.class, Command.Help.class, Command.Quit.class, Command.Invalid.class);
    }

    @Test
    void everyCommandThatReadsOrWritesIsRefusedToASessionWithNoAccess() throws IOException {
        Files.writeString(root.resolve("a.txt"), "kept");
        try (TestServer server = TestServer.on(root).anonymous(Access.NONE).start(); Wire wire = server.connect()) {
            for (String line : linesNeedingMoreThan(Access.NONE)) {
                assertThat(wire.command(line)).as(line).isEqualTo("ERR 530 log in first: anonymous access is off");
            }
            assertThat(wire.command("HELP")).startsWith("OK commands: ");
        }
        assertThat(root.resolve("a.txt")).hasContent("kept");
        assertThat(root.resolve("new.txt")).doesNotExist();
    }

    @Test
    void everyCommandThatWritesIsRefusedToAReadOnlySession() throws IOException {
        Files.writeString(root.resolve("a.txt"), "kept");
        try (TestServer server = TestServer.on(root).anonymous(Access.READ).start(); Wire wire = server.connect()) {
            for (String line : linesNeedingMoreThan(Access.READ)) {
                String word = line.substring(0, line.indexOf(' '));
                assertThat(wire.command(line)).as(line)
                        .isEqualTo("ERR 530 " + word + " needs a read-write login; this session is anonymous (read-only)");
            }
            assertThat(wire.command("STAT a.txt")).as("reading is allowed").startsWith("OK 4 ");
        }
        assertThat(root.resolve("a.txt")).hasContent("kept");
        assertThat(root.resolve("b.txt")).doesNotExist();
        assertThat(root.resolve("new.txt")).doesNotExist();
    }

    private static List<String> linesNeedingMoreThan(Access access) {
        List<String> lines = LINES.values().stream().filter(line -> !CommandParser.parse(line).rule().allows(access)).toList();
        assertThat(lines).as("commands needing more than " + access).isNotEmpty();
        return lines;
    }
}
