package dev.netservices.web.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;
import dev.netservices.web.support.TlsServerFixture;

/**
 * {@code web.address}: the HTTP and the HTTPS port listen on that address only. The whole of 127/8 is this host's
 * loopback on Linux, so a server on 127.0.0.2 is one that 127.0.0.1 does not reach.
 */
class BindAddressTest extends TlsServerFixture {

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    private TestWebServer bound;

    @AfterEach
    void stopBound() {
        if (bound != null) {
            bound.close();
        }
    }

    private static Socket connect(String ip, int port) throws Exception {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(ip, port), 5000);
        } catch (Exception e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    @Test
    void thePlainPortListensOnTheConfiguredAddressAndNoOther() throws Exception {
        DemoFiles.create(root);
        bound = TestWebServer.startOn(InetAddress.getByName("127.0.0.2"), root, TestLimits.DEFAULTS, null);
        assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect("127.0.0.1", bound.port()).close());
        try (RawClient client = new RawClient(connect("127.0.0.2", bound.port()))) {
            assertThat(client.send(GET).read().status()).isEqualTo(200);
        }
    }

    @Test
    void theTlsPortListensOnTheConfiguredAddressAndNoOther() throws Exception {
        DemoFiles.create(root);
        bound = TestWebServer.startOn(InetAddress.getByName("127.0.0.2"), root, TestLimits.DEFAULTS,
                certificates.serverContext());
        assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect("127.0.0.1", bound.port()).close());
        SSLSocket tls = (SSLSocket) certificates.clientContext().getSocketFactory()
                .createSocket(connect("127.0.0.2", bound.port()), "localhost", bound.port(), true);
        tls.startHandshake();
        try (RawClient client = new RawClient(tls)) {
            assertThat(client.send(GET).read().status()).isEqualTo(200);
        }
    }

    @Test
    void withoutAnAddressEveryInterfaceListens() throws Exception {
        DemoFiles.create(root);
        bound = TestWebServer.start(root);
        for (String ip : new String[] {"127.0.0.1", "127.0.0.2"}) {
            try (RawClient client = new RawClient(connect(ip, bound.port()))) {
                assertThat(client.send(GET).read().status()).as(ip).isEqualTo(200);
            }
        }
    }
}
