package dev.netservices.files.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

import dev.netservices.common.time.ManualClock;
import dev.netservices.files.session.Command.Login;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** Accounts from the users file, LOGIN, anonymous access, each address's budget of failed logins, and the hash-password command. */
@ExtendWith(OutputCaptureExtension.class)
class AccountsTest {

    @TempDir
    Path work;

    private Path root;
    private Path users;

    @BeforeEach
    void accounts() throws IOException {
        root = Files.createDirectory(work.resolve("library"));
        users = work.resolve("users");
        Files.writeString(users, "# the accounts\n" + line("alice", "wonder land", "rw") + "\n\n" + line("bob", "builder", "ro") + "\n");
    }

    @Test
    void loginGivesTheAccountsAccessAndAnonymousMayOnlyRead() throws IOException {
        Files.writeString(root.resolve("shared.txt"), "shared");
        try (TestServer server = TestServer.on(root).usersFile(users).start(); Wire wire = server.connect()) {
            assertThat(wire.command("LIST")).as("anonymous reads").isEqualTo("OK 14 bytes follow: 1 file, 0 folders");
            wire.readBytes(14);
            wire.send("PUT mine.txt 5\r\nhelloSTAT shared.txt\r\n");
            assertThat(wire.readLine()).isEqualTo("ERR 530 PUT needs a read-write login; this session is anonymous (read-only)");
            assertThat(wire.readLine()).as("the refused body was skipped").startsWith("OK 6 ");
            assertThat(wire.command("DELETE shared.txt")).isEqualTo("ERR 530 DELETE needs a read-write login; this session is anonymous (read-only)");

            assertThat(wire.command("LOGIN bob builder")).isEqualTo("OK logged in as bob (read-only)");
            assertThat(wire.command("RENAME shared.txt x.txt")).isEqualTo("ERR 530 RENAME needs a read-write login; this session is logged in as bob (read-only)");

            assertThat(wire.command("LOGIN alice wonder land")).as("a password may hold a space").isEqualTo("OK logged in as alice (read-write)");
            assertThat(wire.put("mine.txt", "hello".getBytes())).startsWith("OK 5 ");
            assertThat(wire.command("LOGIN alice wrong")).isEqualTo("ERR 530 login failed: wrong name or password");
            assertThat(wire.put("still-alice.txt", "x".getBytes())).as("a failed login leaves the session as it was").startsWith("OK 1 ");
        }
        assertThat(root.resolve("mine.txt")).hasContent("hello");
    }

    @Test
    void wrongNameAndWrongPasswordGetTheSameReplyAndAreCounted() throws IOException {
        try (TestServer server = TestServer.on(root).usersFile(users).start(); Wire wire = server.connect()) {
            assertThat(wire.command("LOGIN nobody builder")).isEqualTo("ERR 530 login failed: wrong name or password");
            assertThat(wire.command("LOGIN bob wrong")).isEqualTo("ERR 530 login failed: wrong name or password");
            assertThat(wire.command("LOGIN bob")).isEqualTo("ERR 400 usage: LOGIN <name> <password>");
            assertThat(server.registry().get("files.logins").tag("outcome", "failed").counter().count()).isEqualTo(2);
        }
    }

    @Test
    void anAddressThatUsedUpItsFailuresIsRefusedUncheckedUntilItEarnsATryBack() throws IOException {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).usersFile(users).loginFailures(3, Duration.ofSeconds(100)).clock(clock).start();
                Wire wire = server.connect()) {
            for (int i = 0; i < 3; i++) {
                assertThat(wire.command("LOGIN bob guess" + i)).isEqualTo("ERR 530 login failed: wrong name or password");
            }
            assertThat(wire.command("LOGIN bob builder")).as("refused unchecked, even with the right password")
                    .isEqualTo("ERR 429 too many failed logins from 127.0.0.1; try again in 100s");
            clock.advance(Duration.ofSeconds(40));
            assertThat(wire.command("LOGIN bob builder")).isEqualTo("ERR 429 too many failed logins from 127.0.0.1; try again in 60s");
            assertThat(server.registry().get("files.logins").tag("outcome", "throttled").counter().count()).isEqualTo(2);
            clock.advance(Duration.ofSeconds(60));
            assertThat(wire.command("LOGIN bob builder")).isEqualTo("OK logged in as bob (read-only)");
            assertThat(wire.command("LOGIN alice wonder land")).as("a success gives its try back")
                    .isEqualTo("OK logged in as alice (read-write)");
        }
    }

    @Test
    void failedLoginIsAnsweredAfterTheDelay() throws IOException {
        try (TestServer server = TestServer.on(root).usersFile(users).loginFailureDelay(Duration.ofMillis(300)).start();
                Wire wire = server.connect()) {
            long start = System.nanoTime();
            assertThat(wire.command("LOGIN bob wrong")).isEqualTo("ERR 530 login failed: wrong name or password");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void anonymousNoneMayOnlyLogIn() throws IOException {
        try (TestServer server = TestServer.on(root).usersFile(users).anonymous(Access.NONE).start(); Wire wire = server.connect()) {
            assertThat(wire.command("LIST")).isEqualTo("ERR 530 log in first: anonymous access is off");
            assertThat(wire.command("GET a")).isEqualTo("ERR 530 log in first: anonymous access is off");
            assertThat(wire.command("HELP")).startsWith("OK commands: ");
            assertThat(wire.command("LOGIN bob builder")).isEqualTo("OK logged in as bob (read-only)");
            assertThat(wire.command("LIST")).isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
        }
    }

    @Test
    void withoutAUsersFileEverybodyWritesAndLoginSaysSo() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = server.connect()) {
            assertThat(wire.put("open.txt", "x".getBytes())).startsWith("OK 1 ");
            assertThat(wire.command("LOGIN alice wonder land")).isEqualTo("ERR 530 login failed: no accounts are configured");
        }
    }

    @Test
    void theUsersFileIsReadAgainWhenItChanges() throws IOException {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).usersFile(users).clock(clock).start(); Wire wire = server.connect()) {
            assertThat(wire.command("LOGIN carol secret")).isEqualTo("ERR 530 login failed: wrong name or password");
            Files.writeString(users, line("carol", "secret", "rw") + "\nnot a valid line\n");
            Files.setLastModifiedTime(users, FileTime.from(Instant.now().plusSeconds(5)));
            clock.advance(Duration.ofSeconds(3));
            assertThat(wire.command("LOGIN carol secret")).isEqualTo("OK logged in as carol (read-write)");
            assertThat(wire.command("LOGIN bob builder")).as("bob's line is gone").isEqualTo("ERR 530 login failed: wrong name or password");
        }
    }

    @Test
    void plainTextPasswordsAreNotAccounts() {
        assertThat(AccountFile.parseLine("eve:{noop}secret:rw")).isNull();
        assertThat(AccountFile.parseLine("eve:secret:rw")).isNull();
        String hash = "{bcrypt}$2a$10$" + "x".repeat(53);
        assertThat(AccountFile.parseLine("eve:" + hash + ":admin")).isNull();
        assertThat(AccountFile.parseLine("../eve:" + hash + ":rw")).isNull();
        assertThat(AccountFile.parseLine("eve:" + hash + ":ro")).isEqualTo(new Account("eve", hash, Access.READ));
    }

    @Test
    void theLoginCommandNeverShowsItsPassword() {
        assertThat(new Login("alice", "wonder land").toString()).doesNotContain("wonder");
        assertThat(new Account("alice", "{bcrypt}$2a$10$secret-hash", Access.READ_WRITE).toString()).doesNotContain("secret-hash");
    }

    @Test
    void eachLoginLogsOneLineWithNoPasswordNoHashAndNoNameTriedInVain(CapturedOutput output) throws IOException {
        String usersFile = Files.readString(users);
        try (TestServer server = TestServer.on(root).usersFile(users).start(); Wire wire = server.connect()) {
            assertThat(wire.command("LOGIN alice wrong-guess-7f3")).isEqualTo("ERR 530 login failed: wrong name or password");
            assertThat(wire.command("LOGIN nobody-tried-9c1 pass-guess-4d2")).isEqualTo("ERR 530 login failed: wrong name or password");
            assertThat(wire.command("LOGIN alice wonder land")).isEqualTo("OK logged in as alice (read-write)");
            String peer = "127.0.0.1:" + wire.socket().getLocalPort();
            // the session logs before it replies, so the lines are there once the replies are
            assertThat(output.getAll()).contains(peer + " logged in as alice (read-write)")
                    .containsOnlyOnce(peer + " logged in as")
                    .contains(peer + ": failed login");
            assertThat(output.getAll().split(java.util.regex.Pattern.quote(peer + ": failed login"), -1)).as("one line per failure").hasSize(3);
        }
        String log = output.getAll();
        assertThat(log).as("no password, right or wrong").doesNotContain("wonder land", "wonder", "wrong-guess-7f3", "pass-guess-4d2");
        assertThat(log).as("no name tried in vain").doesNotContain("nobody-tried-9c1");
        for (String line : usersFile.split("\n")) {
            if (line.contains(":{bcrypt}")) {
                String hash = line.substring(line.indexOf("{bcrypt}") + "{bcrypt}".length(), line.lastIndexOf(':'));
                assertThat(log).as("no stored hash").doesNotContain(hash.substring(7));
            }
        }
    }

    @Test
    void pbkdf2PasswordsInBothSpringFormatsLogIn() throws IOException {
        // {pbkdf2} is Spring Security's pre-5.8 encoding (8-byte salt, 80 hex digits), {pbkdf2@SpringSecurity_v5_8} the later one (96)
        String legacy = Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_5().encode("old secret");
        String current = Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode("new secret");
        assertThat(legacy).hasSize(80);
        assertThat(current).hasSize(96);
        Files.writeString(users, "olga:{pbkdf2}" + legacy + ":rw\npeter:{pbkdf2@SpringSecurity_v5_8}" + current + ":ro\n");
        try (TestServer server = TestServer.on(root).usersFile(users).start(); Wire wire = server.connect()) {
            assertThat(wire.command("LOGIN olga wrong")).isEqualTo("ERR 530 login failed: wrong name or password");
            assertThat(wire.command("LOGIN olga old secret")).isEqualTo("OK logged in as olga (read-write)");
            assertThat(wire.command("LOGIN peter old secret")).isEqualTo("ERR 530 login failed: wrong name or password");
            assertThat(wire.command("LOGIN peter new secret")).isEqualTo("OK logged in as peter (read-only)");
        }
    }

    @Test
    void aSessionLoggedInKeepsItsAccessWhenItsAccountLeavesTheUsersFile() throws IOException {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).usersFile(users).clock(clock).start(); Wire alice = server.connect()) {
            assertThat(alice.command("LOGIN alice wonder land")).isEqualTo("OK logged in as alice (read-write)");
            Files.writeString(users, line("carol", "secret", "rw") + "\n");
            Files.setLastModifiedTime(users, FileTime.from(Instant.now().plusSeconds(5)));
            clock.advance(Duration.ofSeconds(3));
            try (Wire other = server.connect()) {
                assertThat(other.command("LOGIN carol secret")).as("the new file is read").isEqualTo("OK logged in as carol (read-write)");
                assertThat(other.command("LOGIN alice wonder land")).as("alice is gone from it").isEqualTo("ERR 530 login failed: wrong name or password");
            }
            assertThat(alice.put("still-mine.txt", "kept".getBytes())).as("her session keeps read-write").isEqualTo(
                    "OK 4 " + Wire.sha256("kept".getBytes()));
            assertThat(alice.command("LOGIN alice wonder land")).as("until she logs in again").isEqualTo("ERR 530 login failed: wrong name or password");
            assertThat(alice.command("DELETE still-mine.txt")).as("a failed login leaves the session as it was")
                    .startsWith("OK ");
        }
        try (TestServer server = TestServer.on(root).usersFile(users).clock(clock).start(); Wire reconnected = server.connect()) {
            assertThat(reconnected.command("LOGIN alice wonder land")).isEqualTo("ERR 530 login failed: wrong name or password");
        }
    }

    @Test
    void hashPasswordPrintsALineThatLogsIn() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PasswordHashCommand.run(new String[] {PasswordHashCommand.OPTION, "dave", "ro"}, null,
                new BufferedReader(new StringReader("correct horse\n")), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString()).isZero();
        String printed = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(printed).startsWith("dave:{bcrypt}$2a$").endsWith(":ro").doesNotContain("correct horse");
        Files.writeString(users, printed + "\n");
        try (TestServer server = TestServer.on(root).usersFile(users).start(); Wire wire = server.connect()) {
            assertThat(wire.command("LOGIN dave correct horse")).isEqualTo("OK logged in as dave (read-only)");
        }
        assertThat(PasswordHashCommand.run(new String[] {PasswordHashCommand.OPTION, "bad:name"}, null,
                new BufferedReader(new StringReader("x\n")), new PrintStream(out), new PrintStream(err))).isEqualTo(2);
    }

    private static String line(String name, String password, String access) {
        return name + ":" + org.springframework.security.crypto.factory.PasswordEncoderFactories.createDelegatingPasswordEncoder()
                .encode(password) + ":" + access;
    }
}
