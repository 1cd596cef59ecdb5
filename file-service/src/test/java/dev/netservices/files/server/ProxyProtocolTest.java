package dev.netservices.files.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import dev.netservices.common.net.ProxyHeaderBytes;
import dev.netservices.common.time.ManualClock;
import dev.netservices.files.support.DevCa;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * files.proxy-protocol.trusted: a trusted proxy's PROXY v2 header (before the greeting, and before the ClientHello on the
 * TLS port) names the client that the log lines, the login budgets and the per-address session limit see; a header from
 * anyone else, and a trusted proxy's connection without a valid header, are refused.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxyProtocolTest {

    @TempDir
    static Path certificates;

    @TempDir
    Path work;

    private static DevCa ca;
    private Path root;
    private Path users;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = DevCa.in(certificates);
    }

    @BeforeEach
    void library() throws IOException {
        root = Files.createDirectory(work.resolve("library"));
        users = work.resolve("users");
        Files.writeString(users, "alice:" + PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("wonder land") + ":rw\n");
    }

    /** A connection from 127.0.0.1 that first sends {@code header}, then reads the greeting. */
    private static Wire proxied(int port, byte[] header) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.getOutputStream().write(header);
        return new Wire(socket);
    }

    @Test
    void aTrustedProxysHeaderNamesTheClientInTheLoginLogLineAndItsFailedLoginBudget(CapturedOutput output) throws IOException {
        try (TestServer server = TestServer.on(root).usersFile(users).proxyProtocolTrusted("127.0.0.0/8").loginFailures(1, Duration.ofHours(1))
                .start();
                Wire client = proxied(server.port(), ProxyHeaderBytes.proxy("203.0.113.7", 41000))) {
            assertThat(client.greeting()).startsWith("OK files server ready");
            assertThat(client.command("LOGIN alice wonder land")).isEqualTo("OK logged in as alice (read-write)");
            assertThat(output.getAll()).contains("203.0.113.7:41000 logged in as alice (read-write)")
                    .doesNotContain("127.0.0.1:" + client.socket().getLocalPort() + " logged in");

            assertThat(client.command("LOGIN alice wrong")).startsWith("ERR 530 login failed");
            assertThat(client.command("LOGIN alice wrong")).as("203.0.113.7's one try is spent").startsWith("ERR 429")
                    .contains("203.0.113.7");
            try (Wire other = proxied(server.port(), ProxyHeaderBytes.proxy("203.0.113.8", 41000))) {
                assertThat(other.command("LOGIN alice wrong")).as("another client behind the same proxy has its own budget")
                        .startsWith("ERR 530 login failed");
            }
        }
    }

    @Test
    void thePerAddressSessionLimitCountsTheClientsTheProxyNames() throws IOException {
        try (TestServer server = TestServer.on(root).proxyProtocolTrusted("127.0.0.1").maxSessionsPerAddress(1).start();
                Wire first = proxied(server.port(), ProxyHeaderBytes.proxy("203.0.113.7", 41000));
                Wire second = proxied(server.port(), ProxyHeaderBytes.proxy("203.0.113.7", 41001));
                Wire third = proxied(server.port(), ProxyHeaderBytes.proxy("2001:db8::7", 41002))) {
            assertThat(first.greeting()).startsWith("OK files server ready");
            assertThat(second.greeting()).isEqualTo("ERR 429 too many sessions from 203.0.113.7: at most 1 at once");
            assertThat(third.greeting()).as("another client, though from the same proxy").startsWith("OK files server ready");
            byte[] body = new byte[300_000];
            new java.util.Random(7).nextBytes(body);
            assertThat(first.put("through-the-proxy.bin", body)).startsWith("OK 300000 ");
            assertThat(third.get("through-the-proxy.bin")).as("the bytes after the header are the session's").isEqualTo(body);
            assertThat(server.slots().addresses()).isEqualTo(2);
        }
    }

    @Test
    void aTrustedProxysLocalHeaderKeepsTheProxysAddress(CapturedOutput output) throws IOException {
        try (TestServer server = TestServer.on(root).usersFile(users).proxyProtocolTrusted("127.0.0.1").start();
                Wire check = proxied(server.port(), ProxyHeaderBytes.local())) {
            assertThat(check.command("LOGIN alice wonder land")).isEqualTo("OK logged in as alice (read-write)");
            assertThat(output.getAll()).contains("127.0.0.1:" + check.socket().getLocalPort() + " logged in as alice");
        }
    }

    @Test
    void onTheTlsPortTheHeaderComesBeforeTheClientHello(CapturedOutput output) throws Exception {
        try (TestServer server = TestServer.on(root).usersFile(users).proxyProtocolTrusted("127.0.0.1").tls(ca.serverContext()).start()) {
            Socket raw = new Socket();
            raw.connect(new InetSocketAddress("127.0.0.1", server.tlsPort()), 5000);
            raw.getOutputStream().write(ProxyHeaderBytes.proxy("203.0.113.7", 41000));
            SSLSocket tls = (SSLSocket) ca.clientContext().getSocketFactory().createSocket(raw, "localhost", server.tlsPort(), true);
            tls.startHandshake();
            try (Wire client = new Wire(tls)) {
                assertThat(client.command("LOGIN alice wonder land")).isEqualTo("OK logged in as alice (read-write)");
                assertThat(output.getAll()).contains("203.0.113.7:41000 logged in as alice (read-write)");
            }
        }
    }

    @Test
    void aHeaderFromAPeerThatIsNotTrustedIsRefusedAndCounted(CapturedOutput output) throws IOException {
        try (TestServer server = TestServer.on(root).proxyProtocolTrusted("192.0.2.1").start();
                Wire wire = new Wire(server.port())) {
            wire.sendBytes(ProxyHeaderBytes.concat(ProxyHeaderBytes.proxy("203.0.113.7", 41000), "LIST\r\n".getBytes(StandardCharsets.US_ASCII)));

            await().until(wire::closedByServer);
            assertThat(rejected(server, "proxy_header")).isEqualTo(1);
            assertThat(output.getAll()).contains("refused for the PROXY protocol")
                    .contains("127.0.0.1:" + wire.socket().getLocalPort() + ": a PROXY header from an untrusted peer");
        }
    }

    @Test
    void withTheProtocolOffAHeaderIsRefusedAndOrdinaryCommandsAreServed() throws IOException {
        try (TestServer server = TestServer.on(root).start(); Wire wire = new Wire(server.port()); Wire ordinary = server.connect()) {
            wire.sendBytes(ProxyHeaderBytes.proxy("203.0.113.7", 41000));

            await().until(wire::closedByServer);
            assertThat(rejected(server, "proxy_header")).isEqualTo(1);
            assertThat(ordinary.command("LIST")).startsWith("OK");
        }
    }

    @Test
    void aTrustedProxysConnectionWithoutAHeaderIsClosedUngreeted() throws IOException {
        try (TestServer server = TestServer.on(root).proxyProtocolTrusted("127.0.0.1").start();
                Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("LIST\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(socket.getInputStream().readAllBytes()).as("no greeting, closed").isEmpty();
            assertThat(rejected(server, "proxy_header")).isEqualTo(1);
            assertThat(server.slots().inUse()).isZero();
        }
    }

    @Test
    void aTrustedProxyThatSendsNoHeaderIsClosedAtTheFirstCommandDeadline() throws IOException {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).proxyProtocolTrusted("127.0.0.1").firstCommandTimeout(Duration.ofSeconds(10)).clock(clock)
                .start();
                Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(java.util.Arrays.copyOf(ProxyHeaderBytes.proxy("203.0.113.7", 41000), 14));
            out.flush();

            // the clock moves until the server, having accepted, sees the deadline pass
            await().until(() -> {
                clock.advance(Duration.ofSeconds(11));
                return rejected(server, "proxy_header") == 1;
            });
            InputStream in = socket.getInputStream();
            assertThat(in.readAllBytes()).as("no greeting, closed").isEmpty();
        }
    }

    private static double rejected(TestServer server, String reason) {
        return server.registry().get("files.sessions.rejected").tag("reason", reason).counter().count();
    }
}
