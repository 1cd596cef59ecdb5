package dev.netservices.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.netservices.common.time.ServiceClock;

class TcpAcceptorTest {

    @Test
    void handsEachConnectionToTheServerWithThePeersAddress() throws Exception {
        BlockingQueue<String> peers = new LinkedBlockingQueue<>();
        try (TcpAcceptor acceptor = TcpAcceptor.bind("test", 0, 16, ServiceClock.SYSTEM)) {
            assertThat(acceptor.port()).isPositive();
            acceptor.start(channel -> {
                peers.add(RemoteAddress.hostAndPortOf(channel));
                QuietClose.close(channel);
            });
            try (Socket client = new Socket("127.0.0.1", acceptor.port())) {
                assertThat(peers.poll(5, TimeUnit.SECONDS)).isEqualTo("127.0.0.1:" + client.getLocalPort());
            }
        }
    }

    @Test
    void aTakenPortFailsWithBindException() throws IOException {
        try (TcpAcceptor first = TcpAcceptor.bind("first", 0, 16, ServiceClock.SYSTEM)) {
            assertThatThrownBy(() -> TcpAcceptor.bind("second", first.port(), 16, ServiceClock.SYSTEM))
                    .isInstanceOf(BindException.class);
        }
    }

    @Test
    void aFailingCallbackDoesNotStopTheLoop() throws Exception {
        BlockingQueue<SocketChannel> accepted = new LinkedBlockingQueue<>();
        try (TcpAcceptor acceptor = TcpAcceptor.bind("test", 0, 16, ServiceClock.SYSTEM)) {
            acceptor.start(channel -> {
                if (accepted.isEmpty()) {
                    accepted.add(channel);
                    throw new IllegalStateException("first connection fails to set up");
                }
                accepted.add(channel);
            });
            try (Socket first = new Socket("127.0.0.1", acceptor.port());
                    Socket second = new Socket("127.0.0.1", acceptor.port())) {
                assertThat(accepted.poll(5, TimeUnit.SECONDS)).isNotNull();
                SocketChannel secondAccepted = accepted.poll(5, TimeUnit.SECONDS);
                assertThat(secondAccepted).isNotNull();
                assertThat(first.getInputStream().read()).as("the failed connection is closed").isEqualTo(-1);
                secondAccepted.close();
            }
        }
    }

    @Test
    void closeReleasesThePort() throws IOException {
        TcpAcceptor acceptor = TcpAcceptor.bind("test", 0, 16, ServiceClock.SYSTEM);
        int port = acceptor.port();
        acceptor.start(QuietClose::close);
        acceptor.close();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        TcpAcceptor.bind("again", port, 16, ServiceClock.SYSTEM).close();
    }
}
