package dev.netservices.files.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.time.ManualClock;
import dev.netservices.common.tools.RequiredTool;
import dev.netservices.files.support.DevCa;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** Implicit TLS on its own port, with a certificate from scripts/dev-ca.sh, driven by Java's SSLSocket and openssl s_client. */
class TlsTest {

    @TempDir
    static Path certificates;

    @TempDir
    Path root;

    private static DevCa ca;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = DevCa.in(certificates);
    }

    private Wire tls(TestServer server, String... protocols) throws Exception {
        SSLSocket socket = (SSLSocket) ca.clientContext().getSocketFactory().createSocket("localhost", server.tlsPort());
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        socket.startHandshake();
        return new Wire(socket);
    }

    @Test
    void theSameProtocolRunsInsideTls() throws Exception {
        byte[] body = new byte[3_000_000];
        new java.util.Random(9).nextBytes(body);
        try (TestServer server = TestServer.on(root).tls(ca.serverContext()).start(); Wire wire = tls(server)) {
            assertThat(wire.greeting()).startsWith("OK files server ready");
            assertThat(((SSLSocket) wire.socket()).getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(wire.put("secret.bin", body)).isEqualTo("OK 3000000 " + Wire.sha256(body));
            assertThat(wire.get("secret.bin")).isEqualTo(body);
            assertThat(wire.command("GET secret.bin 2999990")).isEqualTo("OK 10");
            wire.readBytes(10);
            assertThat(wire.command("QUIT")).isEqualTo("OK bye");
        }
    }

    @Test
    void theServerPicksAes128GcmOverTheClientsFirstChoiceAndStillServesAClientThatOffersOnlyAes256() throws Exception {
        try (TestServer server = TestServer.on(root).tls(ca.serverContext()).start()) {
            try (Wire tls13 = tls(server, "TLSv1.3"); Wire tls12 = tls(server, "TLSv1.2")) {
                // the JDK's client offers TLS_AES_256_GCM_SHA384 first: the server's order decides
                assertThat(((SSLSocket) tls13.socket()).getSession().getCipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
                assertThat(((SSLSocket) tls12.socket()).getSession().getCipherSuite())
                        .matches("TLS_ECDHE_(RSA|ECDSA)_WITH_AES_128_GCM_SHA256");
            }
            SSLSocket socket = (SSLSocket) ca.clientContext().getSocketFactory().createSocket("localhost", server.tlsPort());
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            socket.setEnabledCipherSuites(new String[] {"TLS_AES_256_GCM_SHA384"});
            socket.startHandshake();
            try (Wire aes256 = new Wire(socket)) {
                assertThat(socket.getSession().getCipherSuite()).isEqualTo("TLS_AES_256_GCM_SHA384");
                assertThat(aes256.command("LIST")).isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
            }
        }
    }

    @Test
    void tls12IsAcceptedToo() throws Exception {
        try (TestServer server = TestServer.on(root).tls(ca.serverContext()).start(); Wire wire = tls(server, "TLSv1.2")) {
            assertThat(((SSLSocket) wire.socket()).getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(wire.command("LIST")).isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
        }
    }

    @Test
    void loginOnThePlainPortIsRefusedNamingTheTlsPortAndWorksOverTls() throws Exception {
        Path users = root.resolveSibling(root.getFileName() + "-users");
        Files.writeString(users, "alice:" + org.springframework.security.crypto.factory.PasswordEncoderFactories
                .createDelegatingPasswordEncoder().encode("pw") + ":rw\n");
        try (TestServer server = TestServer.on(root).tls(ca.serverContext()).usersFile(users).start();
                Wire plain = server.connect(); Wire secure = tls(server)) {
            assertThat(plain.command("LOGIN alice pw")).isEqualTo("ERR 530 login over plain text is refused; use TLS on port " + server.tlsPort());
            assertThat(secure.command("LOGIN alice pw")).isEqualTo("OK logged in as alice (read-write)");
            assertThat(secure.put("a.txt", "a".getBytes())).startsWith("OK 1 ");
        }
        try (TestServer server = TestServer.on(root).tls(ca.serverContext()).usersFile(users).plainLogin(true).start();
                Wire plain = server.connect()) {
            assertThat(plain.command("LOGIN alice pw")).as("files.plain-login=true").isEqualTo("OK logged in as alice (read-write)");
        } finally {
            Files.delete(users);
        }
    }

    @Test
    void opensslSClientIsAUsableClient() throws Exception {
        try (TestServer server = TestServer.on(root).tls(ca.serverContext()).start()) {
            String output = shell("{ printf 'PUT hello.txt 5\\r\\nhello'; printf 'LIST\\r\\nQUIT\\r\\n'; } | " + RequiredTool.onPath("openssl", "openssl") + " s_client -quiet "
                    + "-verify_return_error -CAfile " + ca.ca() + " -connect localhost:" + server.tlsPort());
            assertThat(output).contains("OK files server ready", "OK 5 " + Wire.sha256("hello".getBytes()), "OK 13 bytes follow: 1 file, 0 folders",
                    "5 hello.txt", "OK bye");
        }
        assertThat(root.resolve("hello.txt")).hasContent("hello");
    }

    @Test
    void plainTextClientOnTheTlsPortIsClosedWithoutAGreeting() throws Exception {
        try (TestServer server = TestServer.on(root).tls(ca.serverContext()).start();
                Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.tlsPort()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("LIST\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = readToEnd(socket.getInputStream());
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("OK");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().liveSessions() == 0);
        }
    }

    @Test
    void whenEverySessionIsTakenTheTlsPortClosesANewConnectionWithoutAGreetingUntilOneFreesUp() throws Exception {
        // files.max-sessions is shared by both ports; past it the plain port says "busy", the TLS port simply closes
        try (TestServer server = TestServer.on(root).maxSessions(2).tls(ca.serverContext()).start();
                Wire plain = server.connect();
                Wire secure = tls(server)) {
            assertThat(plain.greeting()).startsWith("OK ");
            assertThat(secure.greeting()).startsWith("OK ");
            try (Socket refused = ca.clientContext().getSocketFactory().createSocket("localhost", server.tlsPort())) {
                refused.setSoTimeout(20_000);
                String heard;
                try {
                    ((SSLSocket) refused).startHandshake();
                    heard = new String(readToEnd(refused.getInputStream()), StandardCharsets.UTF_8);
                } catch (IOException closed) {
                    heard = "";
                }
                assertThat(heard).as("closed without a greeting").isEmpty();
            }
            assertThat(server.registry().get("files.sessions.rejected").tag("reason", "full").counter().count()).isEqualTo(1);
            assertThat(secure.command("LIST")).as("the sessions served go on").startsWith("OK ");
            plain.command("QUIT");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().liveSessions() + server.tlsServer().liveSessions() == 1);
            try (Wire again = tls(server)) {
                assertThat(again.greeting()).as("a freed slot is taken by the next TLS client").startsWith("OK files server ready");
            }
        }
    }

    @Test
    void stalledHandshakeIsCutByTheIdleTimeout() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).tls(ca.serverContext()).idleTimeout(Duration.ofSeconds(5)).clock(clock).start();
                Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.tlsPort()), 5000);
            socket.setSoTimeout(200);
            // connected, sending nothing: the handshake waits; time passes only on the server's clock
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                clock.advance(Duration.ofSeconds(2));
                try {
                    return socket.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException e) {
                    return false;
                } catch (IOException e) {
                    return true;
                }
            });
        }
    }

    @Test
    void idleTlsSessionIsToldWhyAndClosed() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).tls(ca.serverContext()).idleTimeout(Duration.ofSeconds(5)).clock(clock).start();
                Wire wire = tls(server)) {
            assertThat(wire.command("LIST")).isEqualTo("OK 0 bytes follow: 0 files, 0 folders");
            wire.socket().setSoTimeout(100);
            int[] first = {-1};
            // decrypted bytes are only known once read, so poll with a short read instead of available()
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                clock.advance(Duration.ofSeconds(2));
                try {
                    first[0] = wire.input().read();
                    return true;
                } catch (java.net.SocketTimeoutException e) {
                    return false;
                }
            });
            wire.socket().setSoTimeout(10_000);
            assertThat((char) first[0] + wire.readLine()).isEqualTo("ERR 408 idle for longer than PT5S; closing");
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    private static byte[] readToEnd(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String shell(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("openssl finished").isTrue();
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
    }
}
