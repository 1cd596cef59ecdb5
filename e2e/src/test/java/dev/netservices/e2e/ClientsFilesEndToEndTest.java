package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The file client jar against the real file-service with accounts and implicit TLS, set up as
 * docs/operations.md tells an operator: a development CA from {@code scripts/dev-ca.sh}, a users file
 * from the service's own {@code --hash-password}, the TLS port and the bundle as settings.
 * One service for the class (it takes long to start here); each test leaves its library as it found it.
 */
class ClientsFilesEndToEndTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);

    private static Path work;
    private static Path certs;
    private static Path library;
    private static ServiceJar files;
    private static int plainPort;
    private static int tlsPort;

    @BeforeAll
    static void startTheFileServiceWithAccountsAndTls() throws Exception {
        Cli.require("openssl", "openssl");
        work = Files.createTempDirectory("netservices-clients-files-");
        certs = work.resolve("certs");
        Cli.Result ca = Cli.run(List.of(RepositoryFiles.root().resolve("scripts/dev-ca.sh").toString(), certs.toString()),
                new byte[0], CLIENT_TIMEOUT);
        assertThat(ca.exitCode()).as(ca.out() + ca.stderr()).isZero();
        assertThat(certs.resolve("ca.pem")).isRegularFile();

        // the account line as an operator makes it: the password on standard input, never on the command line
        Cli.Result hash = Cli.run(List.of(Cli.java(), "-jar", ServiceJar.jar("file-service").toString(), "--hash-password", "alice", "rw"),
                (PASSWORD + "\n").getBytes(StandardCharsets.UTF_8), CLIENT_TIMEOUT);
        assertThat(hash.exitCode()).as(hash.stderr()).isZero();
        assertThat(hash.out().strip()).matches("alice:\\{bcrypt}\\$2[aby]?\\$\\d\\d\\$.{53}:rw").doesNotContain(PASSWORD);
        Files.writeString(work.resolve("users"), "# made by --hash-password\n" + hash.out());
        Files.writeString(work.resolve("pw"), PASSWORD + "\n");
        Files.writeString(work.resolve("wrong-pw"), "not " + PASSWORD + "\n");
        Files.writeString(work.resolve("a.txt"), "hello over TLS\n");
        library = Files.createDirectories(work.resolve("library"));

        List<Integer> ports = RepositoryFiles.freeTcpPorts(3);
        plainPort = ports.get(0);
        tlsPort = ports.get(1);
        files = ServiceJar.start("file-service", work, List.of(
                "--server.port=" + ports.get(2), "--files.port=" + plainPort, "--files.root=" + library,
                "--files.users-file=" + work.resolve("users"),
                "--files.tls.port=" + tlsPort, "--files.tls.bundle=files",
                "--spring.ssl.bundle.pem.files.keystore.certificate=file:" + certs.resolve("server.pem"),
                "--spring.ssl.bundle.pem.files.keystore.private-key=file:" + certs.resolve("server.key")));
        assertThat(files.log()).contains("files-tls server listening on tcp port " + tlsPort)
                .contains("files server listening on tcp port " + plainPort);
    }

    @AfterAll
    static void stopAndDelete() throws IOException {
        if (files != null) {
            files.close();
        }
        WorkFolder.remove(work);
    }

    /** {@code java -jar client.jar files ARGS} in the test's folder (where a.txt, pw and the certificates are). */
    private static Cli.Result client(String... args) throws Exception {
        List<String> command = Cli.concat(List.of(Cli.java(), "-Duser.home=" + work, "-jar", Cli.clientJar().toString(), "files"), args);
        return Cli.run(command, work, new byte[0], CLIENT_TIMEOUT);
    }

    private static Cli.Result aliceOverTls(String commands) throws Exception {
        return client("--port", String.valueOf(tlsPort), "--tls", "--cacert", certs.resolve("ca.pem").toString(),
                "--user", "alice", "--password-file", "pw", "-c", commands);
    }

    private static List<String> libraryEntries() throws IOException {
        try (Stream<Path> entries = Files.list(library)) {
            return entries.map(path -> path.getFileName().toString()).toList();
        }
    }

    @Test
    void aliceOverTlsUploadsRenamesListsAndDeletesAndTheLibraryEndsEmpty() throws Exception {
        Cli.Result result = aliceOverTls("put a.txt; mv a.txt b.txt; ls; rm b.txt");

        assertThat(result.exitCode()).as(result.out() + result.stderr()).isZero();
        assertThat(result.stderr()).contains("logged in as alice (read-write)");
        assertThat(result.out()).contains("uploaded a.txt (15 bytes, sha256 ")
                .contains("renamed a.txt to b.txt")
                .containsPattern("1 +15 B +b\\.txt")
                .contains("deleted b.txt");
        assertThat(libraryEntries()).as("nothing left, not even a hidden temporary file").isEmpty();
        assertThat(files.log()).as("passwords never appear in the log").doesNotContain(PASSWORD);
    }

    @Test
    void anAnonymousClientOnThePlainPortMayReadButNotDelete() throws Exception {
        assertThat(aliceOverTls("put a.txt keep.txt").exitCode()).isZero();
        try {
            Cli.Result list = client("--port", String.valueOf(plainPort), "ls");
            assertThat(list.exitCode()).as(list.stderr()).isZero();
            assertThat(list.out()).contains("keep.txt");

            Cli.Result rm = client("--port", String.valueOf(plainPort), "rm", "keep.txt");
            assertThat(rm.exitCode()).as(rm.out() + rm.stderr()).isEqualTo(1);
            assertThat(rm.stderr()).contains("DELETE needs a read-write login; this session is anonymous (read-only)");
            assertThat(library.resolve("keep.txt")).hasContent("hello over TLS");
        } finally {
            assertThat(aliceOverTls("rm keep.txt").exitCode()).isZero();
        }
        assertThat(libraryEntries()).isEmpty();
    }

    @Test
    void aWrongPasswordEndsWithTheServersLoginFailureAndStatus1() throws Exception {
        Cli.Result result = client("--port", String.valueOf(tlsPort), "--cacert", certs.resolve("ca.pem").toString(),
                "--user", "alice", "--password-file", "wrong-pw", "ls");

        assertThat(result.exitCode()).as(result.out() + result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).contains("login failed: wrong name or password").doesNotContain("logged in as");
        assertThat(files.log()).doesNotContain("not " + PASSWORD);
    }

    @Test
    void loginOnThePlainPortIsRefusedNamingTheTlsPort() throws Exception {
        String nc = Cli.require("nc", "netcat-openbsd");
        Cli.Result byHand = Cli.run(List.of(nc, "-q1", "127.0.0.1", String.valueOf(plainPort)),
                ("LOGIN alice " + PASSWORD + "\r\nQUIT\r\n").getBytes(StandardCharsets.UTF_8), CLIENT_TIMEOUT);
        assertThat(byHand.out()).contains("ERR 530 login over plain text is refused; use TLS on port " + tlsPort + "\r\n")
                .contains("OK bye");

        Cli.Result client = client("--port", String.valueOf(plainPort), "--user", "alice", "--password-file", "pw", "ls");
        assertThat(client.exitCode()).as(client.out() + client.stderr()).isEqualTo(1);
        assertThat(client.stderr()).contains("login over plain text is refused; use TLS on port " + tlsPort);
    }

    @Test
    void theTlsPortShowsTheDevCasCertificateToOpensslAndAClientWithoutTheCaRefusesIt() throws Exception {
        String openssl = Cli.require("openssl", "openssl");
        Cli.Result handshake = Cli.run(List.of(openssl, "s_client", "-CAfile", certs.resolve("ca.pem").toString(),
                        "-ign_eof", "-verify_return_error", "-verify_hostname", "localhost", "-connect", "127.0.0.1:" + tlsPort),
                "QUIT\r\n".getBytes(StandardCharsets.UTF_8), CLIENT_TIMEOUT);
        assertThat(handshake.exitCode()).as(handshake.out() + handshake.stderr()).isZero();
        assertThat(handshake.out()).contains("Verify return code: 0 (ok)").containsPattern("Protocol *: TLSv1\\.[23]")
                .contains("OK files server ready").contains("OK bye");

        Cli.Result untrusting = client("--port", String.valueOf(tlsPort), "--tls", "ls");
        assertThat(untrusting.exitCode()).as(untrusting.out() + untrusting.stderr()).isEqualTo(1);
        assertThat(untrusting.stderr()).contains("not signed by a trusted CA").contains("--cacert");
    }
}
