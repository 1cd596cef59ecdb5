package dev.netservices.files.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import dev.netservices.common.time.ManualClock;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** What the users file and --hash-password refuse: malformed or unsupported hashes, a file others may write, short passwords. */
@ExtendWith(OutputCaptureExtension.class)
class UsersFileTest {

    @TempDir
    Path work;

    @Test
    void aMalformedOrUnsupportedHashIsRefusedAtLoadByLineNumberAndLoginJustFails(CapturedOutput output) throws IOException {
        Path root = Files.createDirectory(work.resolve("library"));
        Path users = work.resolve("users");
        Files.writeString(users, "# accounts\n"
                + "eve:{pbkdf2}abcdef:rw\n"
                + "mallory:{sha256}0123456789abcdef:rw\n"
                + "trent:{bcrypt}$2a$10$short:ro\n"
                + "bob:" + PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("builder") + ":ro\n");
        try (TestServer server = TestServer.on(root).usersFile(users).start(); Wire wire = server.connect()) {
            assertThat(wire.command("LOGIN eve anything")).as("an answer, not a dead session")
                    .isEqualTo("ERR 530 login failed: wrong name or password");
            assertThat(wire.command("LOGIN trent anything")).isEqualTo("ERR 530 login failed: wrong name or password");
            assertThat(wire.command("LOGIN bob builder")).isEqualTo("OK logged in as bob (read-only)");
        }
        assertThat(output.getOut())
                .contains("line 2 refused: the {pbkdf2} password is malformed")
                .contains("line 3 refused: {sha256} is not supported")
                .contains("line 4 refused: the {bcrypt} password is malformed")
                .contains("users file " + users + ": 1 account(s)")
                .doesNotContain("abcdef", "0123456789", "Exception");
    }

    @Test
    void aUsersFileOthersMayWriteIsRefusedAtStartAndNotReadLater(CapturedOutput output) throws IOException {
        Path users = work.resolve("users");
        Files.writeString(users, "bob:" + PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("builder") + ":ro\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> new AccountFile(users, new ManualClock()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is writable by its group or others (rw-rw-r--)").hasMessageContaining("chmod go-w");

        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r-----"));
        ManualClock clock = new ManualClock();
        AccountFile accounts = new AccountFile(users, clock);
        assertThat(accounts.find("bob")).isPresent();
        Files.writeString(users, "eve:" + PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("sneaky!!") + ":rw\n");
        Files.setLastModifiedTime(users, FileTime.from(Instant.now().plusSeconds(5)));
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--rw-"));
        clock.advance(Duration.ofSeconds(3));
        assertThat(accounts.find("eve")).as("the world-writable version is not read").isEmpty();
        assertThat(accounts.find("bob")).as("the accounts read before stay").isPresent();
        assertThat(output.getOut()).contains("is writable by its group or others (rw-r--rw-)", "keeping the 1 account(s) read before");
    }

    @Test
    void hashPasswordRefusesAPasswordUnderEightCharacters() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PasswordHashCommand.run(new String[] {PasswordHashCommand.OPTION, "dave"}, null,
                new BufferedReader(new StringReader("seven77\n")), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("password shorter than 8 characters; nothing printed");
    }

    @Test
    void hashPasswordRefusesWhatNoLoginCouldSendOrBcryptCouldHashWithAReasonNotAStackTrace() throws IOException {
        // a password over 72 bytes ended the command with bcrypt's IllegalArgumentException and its stack trace;
        // one with a space at an end made an account nobody could log in to (LOGIN trims, the client refuses it)
        assertThat(hashRefusal("p".repeat(73))).isEqualTo("password longer than 72 bytes in UTF-8 (bcrypt reads no more); nothing printed");
        assertThat(hashRefusal("é".repeat(37))).isEqualTo("password longer than 72 bytes in UTF-8 (bcrypt reads no more); nothing printed");
        assertThat(hashRefusal(" leading space")).startsWith("a password cannot begin or end with a space");
        assertThat(hashRefusal("trailing space ")).endsWith("; nothing printed");
        assertThat(hashRefusal("p".repeat(72))).isNull();
    }

    /** What --hash-password says on standard error when it prints nothing, or null when it prints a line. */
    private static String hashRefusal(String password) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PasswordHashCommand.run(new String[] {PasswordHashCommand.OPTION, "dave"}, null,
                new BufferedReader(new StringReader(password + "\n")), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        if (status == 0) {
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("dave:{bcrypt}");
            return null;
        }
        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        return err.toString(StandardCharsets.UTF_8).strip();
    }
}
