package dev.netservices.files.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * Homes and per-account limits from the users file ({@code name:{bcrypt}hash:rw[:home=...,quota=...,max-files=...]}):
 * each account sees its home as its top folder and nothing above it, made at its first login; its quota and file
 * limit hold in its home; QUOTA tells it where it stands; anonymous sessions get files.anonymous-home.
 */
class HomesTest {

    @TempDir
    Path work;

    private Path root;
    private Path users;

    @BeforeEach
    void accounts() throws IOException {
        root = Files.createDirectory(work.resolve("root"));
        users = work.resolve("users");
        Files.writeString(users, line("alice", "wonder", "rw:home=homes/alice,quota=1KiB,max-files=2") + "\n"
                + line("bob", "builder", "rw:home=homes/bob") + "\n" + line("old", "style", "rw") + "\n"
                + line("bad", "unit", "rw:quota=5 parsecs") + "\n" + line("carol", "single", "ro:max-sessions=1") + "\n");
        Files.setPosixFilePermissions(users, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void twoAccountsEachSeeOnlyTheirOwnHome() throws IOException {
        try (TestServer server = TestServer.on(root).usersFile(users).plainLogin(true).start();
                Wire alice = server.connect(); Wire bob = server.connect()) {
            assertThat(alice.command("LOGIN alice wonder")).isEqualTo("OK logged in as alice (read-write)");
            assertThat(bob.command("LOGIN bob builder")).isEqualTo("OK logged in as bob (read-write)");
            assertThat(alice.put("secret.txt", "alice's".getBytes())).startsWith("OK 7 ");
            assertThat(bob.command("GET secret.txt")).isEqualTo("ERR 404 no such file: secret.txt");
            assertThat(bob.command("GET ../alice/secret.txt")).isEqualTo("ERR 403 refused name: name is . or ..");
            assertThat(bob.command("LIST")).isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
            assertThat(alice.command("LIST")).isEqualTo("OK 14 bytes follow: 1 file, 0 folders");
            alice.readBytes(14);
        }
        assertThat(root.resolve("homes/alice/secret.txt")).hasContent("alice's");
        assertThat(root.resolve("homes/bob")).isEmptyDirectory();
    }

    @Test
    void anAccountsQuotaAndFileLimitHoldInItsHomeAndQuotaTellsIt() throws IOException {
        try (TestServer server = TestServer.on(root).usersFile(users).plainLogin(true).start(); Wire alice = server.connect()) {
            alice.command("LOGIN alice wonder");
            assertThat(alice.command("QUOTA")).isEqualTo("OK 0 bytes used of 1024, 0 files of 2");
            assertThat(alice.command("PUT big.bin 2000 0")).isEqualTo("ERR 507 2000 bytes would go over the storage quota of 1024 bytes (0 in use)");
            alice.put("one.txt", "1".getBytes());
            alice.put("two.txt", "22".getBytes());
            assertThat(alice.command("PUT three.txt 3 0")).isEqualTo("ERR 507 the library holds 2 files, its limit");
            assertThat(alice.command("QUOTA")).isEqualTo("OK 3 bytes used of 1024, 2 files of 2");
            // an account without options sees the whole library as before, with the service's limits
            assertThat(alice.command("LOGIN old style")).isEqualTo("OK logged in as old (read-write)");
            assertThat(alice.command("QUOTA")).startsWith("OK 3 bytes used of 1073741824, 2 files of no limit");
            assertThat(alice.command("LOGIN bad unit")).isEqualTo("ERR 530 login failed: wrong name or password");
        }
    }

    @Test
    void aHomeMovedAwayIsMadeAgainAtTheNextLogin() throws IOException {
        // the store opened for homes/alice kept serving the moved folder's old place: LIST empty, QUOTA counting the
        // moved files, every PUT "ERR 403 refused name: name leads outside the root"
        try (TestServer server = TestServer.on(root).usersFile(users).plainLogin(true).start()) {
            try (Wire alice = server.connect()) {
                alice.command("LOGIN alice wonder");
                assertThat(alice.put("one.txt", "1".getBytes())).startsWith("OK 1 ");
            }
            Files.move(root.resolve("homes/alice"), root.resolve("homes/alice-2026"));
            try (Wire alice = server.connect()) {
                assertThat(alice.command("LOGIN alice wonder")).isEqualTo("OK logged in as alice (read-write)");
                assertThat(alice.command("QUOTA")).isEqualTo("OK 0 bytes used of 1024, 0 files of 2");
                assertThat(alice.put("two.txt", "22".getBytes())).startsWith("OK 2 ");
                assertThat(alice.command("LIST")).isEqualTo("OK 11 bytes follow: 1 file, 0 folders");
                alice.readBytes(11);
            }
        }
        assertThat(root.resolve("homes/alice/two.txt")).hasContent("22");
        assertThat(root.resolve("homes/alice-2026/one.txt")).hasContent("1");
    }

    @Test
    void sessionsLoggedInWhenTheirHomeIsMovedGoOnInItsHomeMadeAgain() throws IOException {
        // they went on in the store of the old place: LIST empty, QUOTA counting the moved files, every PUT
        // "ERR 403 refused name: name leads outside the root", until they logged in again
        try (TestServer server = TestServer.on(root).usersFile(users).plainLogin(true).start();
                Wire alice = server.connect(); Wire again = server.connect()) {
            alice.command("LOGIN alice wonder");
            again.command("LOGIN alice wonder");
            assertThat(alice.put("one.txt", "1".getBytes())).startsWith("OK 1 ");
            Files.move(root.resolve("homes/alice"), root.resolve("homes/alice-2026"));
            assertThat(alice.command("QUOTA")).isEqualTo("OK 0 bytes used of 1024, 0 files of 2");
            assertThat(alice.put("two.txt", "22".getBytes())).startsWith("OK 2 ");
            assertThat(again.command("LIST")).isEqualTo("OK 11 bytes follow: 1 file, 0 folders");
            assertThat(new String(again.readBytes(11))).isEqualTo("2 two.txt\r\n");
            assertThat(again.command("GET one.txt")).isEqualTo("ERR 404 no such file: one.txt");
        }
        assertThat(root.resolve("homes/alice/two.txt")).hasContent("22");
        assertThat(root.resolve("homes/alice-2026/one.txt")).hasContent("1");
    }

    @Test
    void anAccountThatSeesTheWholeRootWritesIntoAHomeWithinTheServicesQuotaAndTheHomeSeesWhatItHolds() throws IOException {
        try (TestServer server = TestServer.on(root).usersFile(users).plainLogin(true).start();
                Wire admin = server.connect(); Wire alice = server.connect()) {
            assertThat(admin.command("LOGIN old style")).isEqualTo("OK logged in as old (read-write)");
            admin.command("MKDIR homes");
            admin.command("MKDIR homes/alice");
            assertThat(admin.put("homes/alice/big.bin", new byte[2000])).startsWith("OK 2000 ");
            alice.command("LOGIN alice wonder");
            assertThat(alice.command("QUOTA")).isEqualTo("OK 2000 bytes used of 1024, 1 file of 2");
            assertThat(alice.command("PUT one.txt 1 0")).isEqualTo("ERR 507 1 bytes would go over the storage quota of 1024 bytes (2000 in use)");
        }
    }

    @Test
    void anonymousSessionsSeeTheirOwnHome() throws IOException {
        Files.createDirectories(root.resolve("public"));
        Files.writeString(root.resolve("public/readme.txt"), "welcome");
        Files.writeString(root.resolve("private.txt"), "not for anonymous eyes");
        try (TestServer server = TestServer.on(root).usersFile(users).anonymousHome("public").start(); Wire anonymous = server.connect()) {
            assertThat(anonymous.get("readme.txt")).asString().isEqualTo("welcome");
            assertThat(anonymous.command("GET private.txt")).isEqualTo("ERR 404 no such file: private.txt");
        }
    }

    @Test
    void anAccountWithMaxSessionsLogsInOnlyThatManyTimesAtOnce() throws IOException {
        try (TestServer server = TestServer.on(root).usersFile(users).plainLogin(true).start(); Wire second = server.connect()) {
            try (Wire first = server.connect()) {
                assertThat(first.command("LOGIN carol single")).isEqualTo("OK logged in as carol (read-only)");
                // the session's own place: logging in again as the same account takes no second one
                assertThat(first.command("LOGIN carol single")).isEqualTo("OK logged in as carol (read-only)");
                assertThat(second.command("LOGIN carol single")).isEqualTo("ERR 429 carol already has 1 session, the most allowed");
                assertThat(second.command("QUIT")).isEqualTo("OK bye");
            }
            // the first session's end gives its place back
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
                try (Wire third = server.connect()) {
                    return third.command("LOGIN carol single").startsWith("OK");
                }
            });
        }
    }

    private static String line(String name, String password, String rest) {
        return name + ":" + PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password) + ":" + rest;
    }
}
