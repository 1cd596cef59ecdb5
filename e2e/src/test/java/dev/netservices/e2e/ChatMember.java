package dev.netservices.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;

/** A member of the chat room on a real UDP socket connected to the chat port, as {@code nc -u} is; exact datagrams. */
final class ChatMember implements AutoCloseable {

    private final DatagramSocket socket;

    ChatMember(int port) throws IOException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.connect(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(15_000);
    }

    ChatMember send(String text) {
        byte[] bytes = text.getBytes(UTF_8);
        try {
            socket.send(new DatagramPacket(bytes, bytes.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String join(String name) {
        return send("L " + name).receive();
    }

    String receive() {
        byte[] buffer = new byte[70_000];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no datagram within 15 s", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(buffer, 0, packet.getLength(), UTF_8);
    }

    @Override
    public void close() {
        socket.close();
    }
}
