package dev.netservices.files.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

import dev.netservices.files.support.DevCa;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * No user password, right or wrong, over plain TCP or TLS, accepted, refused, throttled or cut off by the line limit,
 * reaches a log line: the whole output is captured with every one of our loggers at DEBUG.
 */
@ExtendWith(OutputCaptureExtension.class)
class PasswordsNeverLoggedTest {

    private static final String RIGHT = "Right-Pass-5e8d1";

    @TempDir
    static Path certificates;

    @TempDir
    Path work;

    private static DevCa ca;
    private final Logger ours = (Logger) LoggerFactory.getLogger("dev.netservices");
    private Level levelBefore;
    private Path root;
    private Path users;
    private String storedHash;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = DevCa.in(certificates);
    }

    @BeforeEach
    void accountsAndDebugLogging() throws IOException {
        levelBefore = ours.getLevel();
        ours.setLevel(Level.DEBUG);
        root = Files.createDirectory(work.resolve("library"));
        users = work.resolve("users");
        storedHash = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(RIGHT);
        Files.writeString(users, "alice:" + storedHash + ":rw\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void restoreLogging() {
        ours.setLevel(levelBefore);
    }

    private Wire tls(TestServer server) throws Exception {
        SSLSocket socket = (SSLSocket) ca.clientContext().getSocketFactory().createSocket("localhost", server.tlsPort());
        socket.startHandshake();
        return new Wire(socket);
    }

    @Test
    void passwordsSentOverPlainTcpAndTlsNeverReachTheLog(CapturedOutput output) throws Exception {
        try (TestServer server = TestServer.on(root).usersFile(users).plainLogin(true).tls(ca.serverContext())
                .loginFailures(2, Duration.ofHours(1)).start()) {
            try (Wire plain = server.connect()) {
                assertThat(plain.command("LOGIN alice " + RIGHT)).isEqualTo("OK logged in as alice (read-write)");
                assertThat(plain.command("LOGIN alice Plain-Wrong-3a71")).startsWith("ERR 530 login failed");
            }
            try (Wire secure = tls(server)) {
                assertThat(secure.command("LOGIN alice " + RIGHT)).isEqualTo("OK logged in as alice (read-write)");
                assertThat(secure.command("LOGIN alice Tls-Wrong-b94e")).startsWith("ERR 530 login failed");
                assertThat(secure.command("LOGIN alice Throttled-c0d2")).as("the address's tries are spent").startsWith("ERR 429");
                assertThat(secure.command("LOGIN nobody-4f1 Unknown-Name-77aa")).startsWith("ERR 429");
            }
            try (Wire tooLong = server.connect()) {
                tooLong.send("LOGIN alice Too-Long-e3c9" + "x".repeat(2000) + "\r\n");
                assertThat(tooLong.readLine()).startsWith("ERR 414");
            }
            // the session logs before it replies, so every line is in by now
            assertThat(output.getAll()).contains("logged in as alice").contains("failed login");
        }
        assertThat(output.getAll()).as("no password, right or wrong, on either port")
                .doesNotContain(RIGHT, "Plain-Wrong-3a71", "Tls-Wrong-b94e", "Throttled-c0d2", "Unknown-Name-77aa", "Too-Long-e3c9")
                .as("no stored hash").doesNotContain(storedHash.substring(storedHash.indexOf('$')));
    }

    @Test
    void aPasswordRefusedOnThePlainPortBecauseTlsIsOnIsNotLoggedEither(CapturedOutput output) throws Exception {
        try (TestServer server = TestServer.on(root).usersFile(users).tls(ca.serverContext()).start();
                Wire plain = server.connect()) {
            assertThat(plain.command("LOGIN alice " + RIGHT)).startsWith("ERR 530 login over plain text is refused");
            assertThat(plain.command("LOGIN alice Refused-Plain-61bf")).startsWith("ERR 530 login over plain text is refused");
        }
        assertThat(output.getAll()).doesNotContain(RIGHT, "Refused-Plain-61bf");
    }
}
