package dev.netservices.client.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.client.Main;

/**
 * {@code --tls}, {@code --cacert}, {@code --user} with {@code LOGIN}, {@code rm} and {@code mv} against a
 * real TLS socket (a certificate made by keytool for localhost and 127.0.0.1) speaking the lines of
 * docs/file-protocol.md: implicit TLS, then the greeting, {@code LOGIN}, {@code DELETE}, {@code RENAME}
 * with quoted names.
 */
class TlsLoginTest {

    @TempDir
    static Path keys;

    @TempDir
    Path work;

    private static SSLContext serverContext;
    private final List<String> commandsSeen = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private SSLServerSocket server;

    @BeforeAll
    static void makeCertificate() throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path store = keys.resolve("server.p12");
        run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", keys.resolve("ca.pem").toString());
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, "changeit".toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    @BeforeEach
    void start() throws IOException {
        server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0);
        server.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    // each connection on its own thread, so a client that never starts the handshake holds up
                    // nobody; a cold TLS handshake on a loaded machine gets all the time the test has
                    Thread.ofVirtual().start(() -> {
                        try (client) {
                            client.setSoTimeout(60_000);
                            serve(client);
                        } catch (IOException e) {
                            // a refused handshake, or the test ended
                        }
                    });
                } catch (IOException e) {
                    // the test ended
                }
            }
        });
    }

    private void serve(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        OutputStream output = client.getOutputStream();
        write(output, "OK files server ready");
        boolean loggedIn = false;
        String line;
        while ((line = in.readLine()) != null) {
            commandsSeen.add(line);
            if (line.equals("QUIT")) {
                write(output, "OK bye");
                return;
            } else if (line.startsWith("LOGIN ")) {
                loggedIn = line.equals("LOGIN alice pass phrase 42");
                write(output, loggedIn ? "OK logged in as alice (read-write)" : "ERR 530 login failed: wrong name or password");
            } else if (line.equals("LIST")) {
                write(output, "OK 0 bytes, 0 files");
            } else if (!loggedIn) {
                write(output, "ERR 530 " + line.split(" ")[0] + " needs a read-write login; this session is anonymous (read-only)");
            } else if (line.startsWith("DELETE ")) {
                write(output, "OK deleted " + line.substring(7));
            } else if (line.equals("RENAME \"my notes\" b.txt")) {
                write(output, "OK renamed my notes to b.txt");
            } else {
                write(output, "ERR 400 unexpected: " + line);
            }
        }
    }

    private static void write(OutputStream output, String line) throws IOException {
        output.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        output.flush();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private int files(String... args) {
        List<String> all = new ArrayList<>(List.of("files", "--host", "localhost", "--port", String.valueOf(server.getLocalPort()),
                "--dir", work.toString()));
        all.addAll(List.of(args));
        return Main.commandLine(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(all.toArray(String[]::new));
    }

    @Test
    void logsInOverTlsThenDeletesAndRenamesWithQuotedNames() throws IOException {
        Path password = Files.writeString(work.resolve("password.txt"), "pass phrase 42\n");
        int status = files("--cacert", keys.resolve("ca.pem").toString(), "--user", "alice", "--password-file", password.toString(),
                "-c", "list; rm a.txt; mv 'my notes' b.txt");
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(commandsSeen).containsExactly("LOGIN alice pass phrase 42", "LIST", "DELETE a.txt", "RENAME \"my notes\" b.txt", "QUIT");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("deleted a.txt").contains("renamed my notes to b.txt");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("logged in as alice (read-write)").doesNotContain("pass phrase");
    }

    @Test
    void aWrongPasswordFailsWithTheServersWords() throws IOException {
        Path password = Files.writeString(work.resolve("password.txt"), "guess");
        assertThat(files("--cacert", keys.resolve("ca.pem").toString(), "-u", "alice", "--password-file", password.toString(), "list"))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: login failed: wrong name or password");
        assertThat(commandsSeen).doesNotContain("LIST");
    }

    @Test
    void aWriteWithoutLoginIsRefusedWithStatusOne() {
        assertThat(files("--cacert", keys.resolve("ca.pem").toString(), "rm", "a.txt")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: DELETE needs a read-write login");
    }

    @Test
    void aCertificateFromAnUntrustedCaIsRefusedSayingHowToTrustIt() {
        assertThat(files("--tls", "list")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not signed by a trusted CA (give the CA with --cacert FILE)");
        assertThat(commandsSeen).isEmpty();
    }

    @Test
    void plainTextToTheTlsPortDoesNotPassForAServer() {
        assertThat(files("list")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is it a TLS port? try --tls");
        assertThat(commandsSeen).isEmpty();
    }

    @Test
    void tlsToAPlainPortSaysItIsProbablyThePlainPort() throws IOException {
        try (java.net.ServerSocket plain = new java.net.ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket client = plain.accept()) {
                    write(client.getOutputStream(), "OK files server ready");
                    client.getInputStream().read();
                } catch (IOException e) {
                    // test ends
                }
            });
            int status = Main.commandLine(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8))
                    .execute("files", "--port", String.valueOf(plain.getLocalPort()), "--tls", "--dir", work.toString(), "ls");
            assertThat(status).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("the server did not answer in TLS").contains("is it the plain port?");
        }
    }

    @Test
    void thePasswordComesFromTheEnvironmentWhenNoFileIsGivenAndNeverFromNowhere() throws IOException {
        assertThat(new String(Credentials.of("alice", null, Map.of("FILES_PASSWORD", "s3cret")).password())).isEqualTo("s3cret");
        assertThat(Credentials.of("alice", null, Map.of("FILES_PASSWORD", "s3cret")).toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> Credentials.of("alice", null, Map.of()))
                .hasMessageContaining("give --password-file FILE or set FILES_PASSWORD");
        assertThatThrownBy(() -> Credentials.of("alice", null, Map.of("FILES_PASSWORD", " padded ")))
                .hasMessageContaining("cannot begin or end with a space");
    }

    @Test
    void namesWithSpacesOrLeadingQuotesAreQuotedForRename() {
        assertThat(ProtocolText.quoted("plain.txt")).isEqualTo("plain.txt");
        assertThat(ProtocolText.quoted("my notes")).isEqualTo("\"my notes\"");
        assertThat(ProtocolText.quoted("\"odd\" \\ name")).isEqualTo("\"\\\"odd\\\" \\\\ name\"");
        assertThat(ProtocolText.quoted("back\\slash")).isEqualTo("back\\slash");
    }
}
