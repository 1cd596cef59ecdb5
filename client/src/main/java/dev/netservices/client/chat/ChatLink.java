package dev.netservices.client.chat;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * The UDP socket to the room, {@code connect}ed so the kernel drops datagrams from anyone but the server's
 * port. One datagram is one line, UTF-8.
 */
final class ChatLink implements AutoCloseable {

    static final int MAX_DATAGRAM = 65_507;

    private final DatagramSocket socket;
    private final InetSocketAddress server;

    ChatLink(InetSocketAddress server) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket();
        socket.connect(server);
    }

    String describe() {
        return server.getHostString() + ":" + server.getPort() + "/udp";
    }

    void send(String datagram) throws IOException {
        byte[] bytes = datagram.getBytes(UTF_8);
        if (bytes.length > MAX_DATAGRAM) {
            throw new IOException("line too long for one datagram (" + bytes.length + " bytes, at most " + MAX_DATAGRAM + ")");
        }
        socket.send(new DatagramPacket(bytes, bytes.length));
    }

    /** The next datagram; waits at most {@code timeoutMillis} (0: for ever). */
    String receive(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        return new String(buffer, 0, packet.getLength(), UTF_8);
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        socket.close();
    }
}
