package dev.netservices.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * A chat client in tests: a real UDP socket connected to the server's port, so that the kernel drops any
 * datagram from another port, as {@code nc -u} does. Sends exactly the bytes given (no newline unless given).
 */
public final class UdpMember implements AutoCloseable {

    private static final int RECEIVE_TIMEOUT_MS = 5000;

    private final DatagramSocket socket;

    public UdpMember(int serverPort) {
        this(serverPort, InetAddress.getLoopbackAddress());
    }

    /** A member sending from {@code from}: another loopback address ({@code 127.0.0.2}) is another machine to the server. */
    public UdpMember(int serverPort, InetAddress from) {
        try {
            socket = new DatagramSocket(0, from);
            socket.connect(InetAddress.getLoopbackAddress(), serverPort);
            socket.setSoTimeout(RECEIVE_TIMEOUT_MS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public UdpMember send(String text) {
        return sendBytes(text.getBytes(UTF_8));
    }

    public UdpMember sendBytes(byte[] datagram) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends a zero-length datagram from a fresh, unconnected socket and returns the reply. The JDK sends
     * nothing for an empty write on a connected socket, and reconnecting would discard a reply already queued.
     */
    public static String replyToEmptyDatagram(int serverPort) {
        try (DatagramSocket unconnected = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            unconnected.setSoTimeout(RECEIVE_TIMEOUT_MS);
            unconnected.send(new DatagramPacket(new byte[0], 0, InetAddress.getLoopbackAddress(), serverPort));
            byte[] buffer = new byte[70_000];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            unconnected.receive(packet);
            return new String(buffer, 0, packet.getLength(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next datagram's exact bytes; fails the test when none arrives within 5 s. */
    public byte[] receiveBytes() {
        byte[] buffer = new byte[70_000];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no datagram within " + RECEIVE_TIMEOUT_MS + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(buffer, packet.getLength());
    }

    public String receive() {
        return new String(receiveBytes(), UTF_8);
    }

    /** Sends {@code L name} and returns the reply. */
    public String join(String name) {
        return send("L " + name).receive();
    }

    /**
     * Asserts that nothing arrived before the answer to a {@code /ping} sent now. The room handles one address's
     * datagrams in order, so anything the earlier ones caused for this member was sent before the PONG: a
     * marker, where a fixed quiet period would pass falsely on a loaded machine.
     */
    public void receivesNothingBeforePong() {
        assertThat(send("/ping").receive()).as("the next datagram is the answer to a /ping sent after").isEqualTo("PONG");
    }

    @Override
    public void close() {
        socket.close();
    }
}
