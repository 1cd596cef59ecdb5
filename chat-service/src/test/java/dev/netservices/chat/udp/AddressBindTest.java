package dev.netservices.chat.udp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.PortUnreachableException;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code chat.address} binds the room's sockets to one address. The whole of 127/8 is loopback on Linux, so a
 * room bound to 127.0.0.2 answers there while the same port on 127.0.0.1 has no socket: the kernel answers a
 * datagram to it with ICMP port unreachable, which a connected socket reports (no quiet period to wait out).
 */
@SpringBootTest(properties = {"chat.address=127.0.0.2", "chat.port=0", "chat.admin.password=test-secret"})
class AddressBindTest {

    @Autowired
    private ChatServer server;

    @Test
    void theRoomAnswersOnTheAddressItIsBoundToAndNothingListensOnAnotherLoopbackAddress() throws IOException {
        assertThat(ask(InetAddress.getByName("127.0.0.2"), "/ping")).isEqualTo("PONG");
        assertThatThrownBy(() -> ask(InetAddress.getByName("127.0.0.1"), "/ping"))
                .as("no socket on 127.0.0.1 at the room's port").isInstanceOf(PortUnreachableException.class);
    }

    /** Sends {@code text} to the room's port on {@code address} from a socket connected there, and returns the reply. */
    private String ask(InetAddress address, String text) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, address)) {
            socket.connect(address, server.port());
            socket.setSoTimeout(10_000);
            byte[] bytes = text.getBytes(UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length));
            byte[] buffer = new byte[1024];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            return new String(buffer, 0, reply.getLength(), UTF_8);
        }
    }
}
