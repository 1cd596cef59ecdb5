package dev.netservices.client.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The room's side played datagram by datagram on a real UDP socket, kept only for what a real chat-service never
 * sends (hostile input: escape sequences, bidi overrides, oversize lines; an unasked-for {@code EXIT}). Whatever the
 * service does say is tested against the service itself (e2e), so that a change to its message bundle cannot
 * leave the client's tests green with texts copied by hand.
 */
public final class ScriptedRoom implements AutoCloseable {

    private final DatagramSocket socket;
    private SocketAddress client;

    public ScriptedRoom() throws IOException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(15_000);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The next datagram from the client, which must be {@code expected}. */
    public void receives(String expected) throws IOException {
        assertThat(next()).isEqualTo(expected);
    }

    /**
     * The client's first datagram, which must be {@code expected}, waiting up to {@code patience} for it: it
     * comes only once the client's JVM has started, which on a loaded machine can take far longer than the
     * client then takes to answer anything (the usual wait).
     */
    public void receivesFirst(String expected, Duration patience) throws IOException {
        socket.setSoTimeout(Math.toIntExact(patience.toMillis()));
        try {
            assertThat(next()).as("the client's first datagram").isEqualTo(expected);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no datagram from the client within " + patience + " of its start", e);
        } finally {
            socket.setSoTimeout(15_000);
        }
    }

    /** The next datagram from the client, skipping keepalive pings. */
    public String nextSkippingPings() throws IOException {
        for (int skipped = 0; skipped < 20; skipped++) {
            String datagram = next();
            if (!datagram.equals("/ping")) {
                return datagram;
            }
        }
        throw new AssertionError("nothing but pings from the client");
    }

    public String next() throws IOException {
        byte[] buffer = new byte[70_000];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        client = packet.getSocketAddress();
        return new String(buffer, 0, packet.getLength(), UTF_8);
    }

    public void sends(String text) throws IOException {
        byte[] bytes = text.getBytes(UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, client));
    }

    @Override
    public void close() {
        socket.close();
    }
}
