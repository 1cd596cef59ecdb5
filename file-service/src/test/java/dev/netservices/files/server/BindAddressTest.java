package dev.netservices.files.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.DevCa;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** files.address: the plain and the TLS port listen on that address only (the whole of 127/8 is this host's loopback). */
class BindAddressTest {

    @TempDir
    static Path certificates;

    @TempDir
    Path root;

    private static DevCa ca;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = DevCa.in(certificates);
    }

    private static Socket connect(String ip, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(ip, port), 5000);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    private static Wire tls(String ip, int port) throws Exception {
        SSLSocket socket = (SSLSocket) ca.clientContext().getSocketFactory().createSocket(connect(ip, port), "localhost", port, true);
        socket.startHandshake();
        return new Wire(socket);
    }

    @Test
    void bothPortsListenOnTheConfiguredAddressAndNoOther() throws Exception {
        try (TestServer server = TestServer.on(root).address("127.0.0.2").tls(ca.serverContext()).start()) {
            assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect("127.0.0.1", server.port()));
            assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect("127.0.0.1", server.tlsPort()));
            try (Wire plain = new Wire(connect("127.0.0.2", server.port())); Wire secure = tls("127.0.0.2", server.tlsPort())) {
                assertThat(plain.greeting()).startsWith("OK files server ready");
                assertThat(secure.greeting()).startsWith("OK files server ready");
            }
        }
    }

    @Test
    void withoutAnAddressEveryInterfaceListens() throws Exception {
        try (TestServer server = TestServer.on(root).tls(ca.serverContext()).start();
                Wire one = new Wire(connect("127.0.0.1", server.port())); Wire two = new Wire(connect("127.0.0.2", server.port()));
                Wire secure = tls("127.0.0.2", server.tlsPort())) {
            assertThat(one.greeting()).startsWith("OK files server ready");
            assertThat(two.greeting()).startsWith("OK files server ready");
            assertThat(secure.greeting()).startsWith("OK files server ready");
        }
    }
}
