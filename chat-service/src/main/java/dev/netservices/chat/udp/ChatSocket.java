package dev.netservices.chat.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;
import java.util.function.Consumer;

/**
 * One of the server's receive sockets on the chat port, as the inbound adapter wants it: a
 * {@link DatagramSocket}. It forwards to the socket view of a {@link DatagramChannel}, so that the fan-out
 * can send through the channel itself, straight from a direct buffer (see {@link SocketDelivery}).
 *
 * <p>It also answers empty datagrams itself: the adapter's mapper silently drops a zero-length packet, and
 * the protocol promises an error reply to every malformed datagram.
 *
 * <p>Only what the adapter and the outbound adapter call is forwarded; the base socket it extends is created
 * unbound and closed at once, so any other call fails loudly instead of acting on the wrong socket.
 */
final class ChatSocket extends DatagramSocket {

    private final DatagramChannel channel;
    private final DatagramSocket socket;
    private final Consumer<InetSocketAddress> emptyDatagram;

    ChatSocket(DatagramChannel channel, Consumer<InetSocketAddress> emptyDatagram) throws SocketException {
        super((SocketAddress) null);
        super.close();
        this.channel = channel;
        this.socket = channel.socket();
        this.emptyDatagram = emptyDatagram;
    }

    @Override
    public void receive(DatagramPacket packet) throws IOException {
        while (true) {
            socket.receive(packet);
            if (packet.getLength() > 0) {
                return;
            }
            emptyDatagram.accept((InetSocketAddress) packet.getSocketAddress());
            packet.setData(packet.getData());
        }
    }

    @Override
    public void send(DatagramPacket packet) throws IOException {
        socket.send(packet);
    }

    @Override
    public DatagramChannel getChannel() {
        return channel;
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public boolean isBound() {
        return socket.isBound();
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        socket.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return socket.getSoTimeout();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        socket.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return socket.getReceiveBufferSize();
    }

    @Override
    public void close() {
        socket.close();
    }
}
