package dev.netservices.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.netservices.client.Main;

/** The command line of {@code files}: typed options anywhere, clear usage errors with status 2, help from the table. */
class FileCommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int files(String... args) {
        return Main.commandLine(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(Stream.concat(Stream.of("files"), Stream.of(args)).toArray(String[]::new));
    }

    @Test
    void helpListsEveryCommandOfTheTableWithItsAliases() {
        assertThat(files("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("list, ls, l").contains("get, g").contains("put, p")
                .contains("stat").contains("quit, q, exit, bye").contains("--dir=FOLDER");
    }

    @Test
    void aPortThatIsNotANumberIsAUsageErrorNamingTheOption() {
        assertThat(files("list", "--port", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Invalid value for option '--port': 'x' is not a port number (1 to 65535)")
                .contains("--help").doesNotContain("Exception");
        assertThat(files("--port", "70000", "list")).isEqualTo(2);
    }

    @Test
    void aCommandMissingItsArgumentOrAnUnknownOptionIsAUsageError() {
        assertThat(files("get")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required parameter: 'NAME'");
        assertThat(files("put", "a", "b", "c")).isEqualTo(2);
        assertThat(files("list", "--frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void subcommandHelpAndVersionWorkEverywhere() {
        assertThat(files("get", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: client files get").contains("NAME...");
        assertThat(files("put", "--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("netservices client");
    }
}
