package dev.netservices.files.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import dev.netservices.files.support.DevCa;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * An account's {@code upload-rate} and {@code download-rate} from the users file pace its transfers, over plain TCP and
 * TLS: a paced transfer completes byte-exact and takes at least its size over the rate (a lower bound the product
 * enforces; no upper bound is asserted). A rate below the service's minimum transfer rate does not get the transfer
 * ended as stalled. QUOTA, and STAT of the top folder, tell the account its rates.
 */
class AccountRatesTest {

    private static final int RATE = 128 * 1024;
    private static final int SIZE = 192 * 1024;
    private static final long AT_LEAST_NANOS = 1_000_000_000L * SIZE / RATE;

    @TempDir
    static Path certificates;
    private static DevCa ca;

    @TempDir
    Path work;
    private Path root;
    private Path users;
    private final byte[] body = new byte[SIZE];

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = DevCa.in(certificates);
    }

    @BeforeEach
    void accounts() throws IOException {
        new Random(19).nextBytes(body);
        root = Files.createDirectory(work.resolve("root"));
        users = work.resolve("users");
        Files.writeString(users, line("slow", "pw", "rw:upload-rate=128KiB,download-rate=128KiB") + "\n"
                + line("fast", "pw", "rw") + "\n" + line("zero", "pw", "rw:upload-rate=0") + "\n"
                + line("vague", "pw", "rw:download-rate=fast") + "\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
    }

    private TestServer server() throws IOException {
        // a minimum transfer rate far above the account's: a paced transfer must not be ended as stalled
        return TestServer.on(root).usersFile(users).plainLogin(true).tls(ca.serverContext())
                .minTransferRate(1024 * 1024, Duration.ofMillis(250)).start();
    }

    @Test
    void anUploadIsPacedToTheAccountsUploadRateAndArrivesByteExact() throws IOException {
        try (TestServer server = server(); Wire wire = server.connect()) {
            wire.command("LOGIN slow pw");
            assertUploadPaced(wire);
        }
        assertThat(root.resolve("paced.bin")).hasBinaryContent(body);
    }

    @Test
    void aDownloadIsPacedToTheAccountsDownloadRateAndArrivesByteExact() throws IOException {
        Files.write(root.resolve("paced.bin"), body);
        try (TestServer server = server(); Wire wire = server.connect()) {
            wire.command("LOGIN slow pw");
            assertDownloadPaced(wire);
        }
    }

    @Test
    void tlsTransfersArePacedBothWays() throws Exception {
        try (TestServer server = server(); Wire wire = tls(server)) {
            assertThat(wire.command("LOGIN slow pw")).isEqualTo("OK logged in as slow (read-write)");
            assertUploadPaced(wire);
            assertDownloadPaced(wire);
        }
    }

    @Test
    void quotaAndStatOfTheTopFolderTellTheAccountItsRates() throws IOException {
        try (TestServer server = server(); Wire wire = server.connect()) {
            String limits = "OK 0 bytes used of 1073741824, 0 files of no limit";
            assertThat(wire.command("QUOTA")).as("anonymous: not paced").isEqualTo(limits);
            wire.command("LOGIN slow pw");
            String paced = limits + ", uploads paced to 131072 bytes/s, downloads paced to 131072 bytes/s";
            assertThat(wire.command("QUOTA")).isEqualTo(paced);
            assertThat(wire.command("STAT /")).isEqualTo(paced);
            assertThat(wire.command("STAT .")).isEqualTo(paced);
            assertThat(wire.command("STAT")).isEqualTo(paced);
            assertThat(wire.command("LOGIN fast pw")).isEqualTo("OK logged in as fast (read-write)");
            assertThat(wire.command("STAT /")).isEqualTo(limits);
        }
    }

    @Test
    void aZeroOrUnreadableRateRefusesTheAccountsLine() throws IOException {
        try (TestServer server = server(); Wire wire = server.connect()) {
            assertThat(wire.command("LOGIN zero pw")).isEqualTo("ERR 530 login failed: wrong name or password");
            assertThat(wire.command("LOGIN vague pw")).isEqualTo("ERR 530 login failed: wrong name or password");
        }
    }

    private void assertUploadPaced(Wire wire) throws IOException {
        long start = System.nanoTime();
        String reply = wire.put("paced.bin", body);
        long took = System.nanoTime() - start;
        assertThat(reply).isEqualTo("OK " + SIZE + " " + Wire.sha256(body));
        assertThat(took).as("%d bytes at %d bytes/s", SIZE, RATE).isGreaterThanOrEqualTo(AT_LEAST_NANOS);
    }

    private void assertDownloadPaced(Wire wire) throws IOException {
        long start = System.nanoTime();
        byte[] got = wire.get("paced.bin");
        long took = System.nanoTime() - start;
        assertThat(got).isEqualTo(body);
        assertThat(took).as("%d bytes at %d bytes/s", SIZE, RATE).isGreaterThanOrEqualTo(AT_LEAST_NANOS);
    }

    private static Wire tls(TestServer server) throws Exception {
        SSLSocket socket = (SSLSocket) ca.clientContext().getSocketFactory().createSocket("localhost", server.tlsPort());
        socket.startHandshake();
        return new Wire(socket);
    }

    private static String line(String name, String password, String rest) {
        return name + ":" + PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password) + ":" + rest;
    }
}
