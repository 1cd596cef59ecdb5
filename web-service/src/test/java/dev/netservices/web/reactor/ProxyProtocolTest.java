package dev.netservices.web.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.netservices.common.net.ProxyHeader.TrustedProxies;
import dev.netservices.common.net.ProxyHeaderBytes;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.RawClient.RawResponse;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;
import dev.netservices.web.support.TlsServerFixture;

/**
 * {@code web.proxy-protocol.trusted} on both ports, with real sockets playing the balancer: the header's address is
 * the client's for the access log and the per-address limit; a header from an untrusted peer, and a trusted peer's
 * connection without one, are refused. The whole 127/8 is loopback on Linux: a client bound to 127.0.0.2 is a
 * second peer address.
 */
class ProxyProtocolTest extends TlsServerFixture {

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    TestWebServer proxied;

    @AfterEach
    void stopProxied() {
        if (proxied != null) {
            proxied.close();
        }
    }

    private TestWebServer start(String trusted, int perAddress, boolean tls) throws Exception {
        DemoFiles.create(root);
        proxied = TestWebServer.startProxied(root, TestLimits.builder().maxConnectionsPerAddress(perAddress).build(),
                tls ? certificates.serverContext() : null, TrustedProxies.parse(List.of(trusted)));
        return proxied;
    }

    private RawClient from(String localAddress) throws Exception {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", proxied.port()));
        return new RawClient(socket);
    }

    @Test
    void aTrustedPeersHeaderNamesTheClientTheLogSees() throws Exception {
        start("127.0.0.1/32", 256, false);
        try (RawClient client = from("127.0.0.1")) {
            client.send(ProxyHeaderBytes.proxy("203.0.113.7", 40000));
            RawResponse response = client.send(GET).read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo(DemoFiles.INDEX);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !proxied.exchanges().isEmpty());
        assertThat(proxied.exchanges().getFirst().remoteAddress()).isEqualTo("203.0.113.7");
    }

    @Test
    void theHeaderAndAClientHelloTogetherServeHttpsAsTheNamedClient() throws Exception {
        start("127.0.0.1", 256, true);
        Socket socket = new Socket("127.0.0.1", proxied.port());
        socket.getOutputStream().write(ProxyHeaderBytes.proxy("2001:db8::7", 40000));
        SSLSocket tls = (SSLSocket) certificates.clientContext().getSocketFactory()
                .createSocket(socket, "localhost", proxied.port(), true);
        tls.startHandshake();
        try (RawClient client = new RawClient(tls)) {
            assertThat(client.send(GET).read().status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !proxied.exchanges().isEmpty());
        assertThat(proxied.exchanges().getFirst().remoteAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void thePerAddressLimitCountsTheAddressInTheHeaderNotTheBalancers() throws Exception {
        start("127.0.0.1", 1, false);
        try (RawClient first = from("127.0.0.1"); RawClient other = from("127.0.0.1");
                RawClient sameClient = from("127.0.0.1")) {
            assertThat(first.send(ProxyHeaderBytes.proxy("203.0.113.7", 1)).send(GET).read().status()).isEqualTo(200);
            assertThat(other.send(ProxyHeaderBytes.proxy("203.0.113.8", 1)).send(GET).read().status())
                    .as("another client behind the same balancer").isEqualTo(200);
            RawResponse refused = sameClient.send(ProxyHeaderBytes.proxy("203.0.113.7", 2)).read();
            assertThat(refused.status()).as("a second connection of 203.0.113.7").isEqualTo(503);
            assertThat(refused.bodyText()).contains("from your address");
        }
    }

    @Test
    void aHeaderFromAnUntrustedPeerIsRefused() throws Exception {
        start("127.0.0.1/32", 256, false);
        try (RawClient client = from("127.0.0.2")) {
            client.send(ProxyHeaderBytes.proxy("203.0.113.7", 40000)).send(GET);
            RawResponse response = client.read();
            assertThat(response.status()).as("the header is not HTTP: a bad request, then the close").isEqualTo(400);
            assertThat(client.closedByServer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !proxied.exchanges().isEmpty());
        assertThat(proxied.exchanges()).allSatisfy(e -> {
            assertThat(e.remoteAddress()).isEqualTo("127.0.0.2");
            assertThat(e.status()).isNotEqualTo(200);
        });
        // the same peer without a header is an ordinary client
        try (RawClient client = from("127.0.0.2")) {
            assertThat(client.send(GET).read().status()).isEqualTo(200);
        }
    }

    @Test
    void aTrustedPeerWithoutAHeaderIsRefusedAndCounted() throws Exception {
        start("127.0.0.1", 256, false);
        try (RawClient client = from("127.0.0.1")) {
            client.send(GET);
            assertThat(client.closedByServer()).as("closed without an HTTP answer").isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> proxied.stats().refused(Refusal.PROXY_HEADER) == 1);
        assertThat(proxied.exchanges()).isEmpty();
    }

    @Test
    void aTrustedPeerWithoutAHeaderOnTheTlsPortFailsBeforeAnyHandshake() throws Exception {
        start("127.0.0.1", 256, true);
        Socket socket = new Socket("127.0.0.1", proxied.port());
        SSLSocket tls = (SSLSocket) certificates.clientContext().getSocketFactory()
                .createSocket(socket, "localhost", proxied.port(), true);
        try (tls) {
            org.assertj.core.api.Assertions.assertThatThrownBy(tls::startHandshake).isInstanceOf(java.io.IOException.class);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> proxied.stats().refused(Refusal.PROXY_HEADER) == 1);
    }
}
