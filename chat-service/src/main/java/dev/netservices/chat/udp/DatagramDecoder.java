package dev.netservices.chat.udp;

import java.net.InetSocketAddress;

import dev.netservices.chat.room.ChatCommand;
import dev.netservices.chat.room.Received;

import org.springframework.integration.core.GenericTransformer;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.Message;

/** The flow's decode step: the datagram's bytes and sender to a {@link Received} command; never throws. */
final class DatagramDecoder implements GenericTransformer<Message<byte[]>, Received> {

    private final DatagramListener listener;
    private final int maxDatagramBytes;
    private final int maxLines;

    DatagramDecoder(DatagramListener listener, int maxDatagramBytes, int maxLines) {
        this.listener = listener;
        this.maxDatagramBytes = maxDatagramBytes;
        this.maxLines = maxLines;
    }

    @Override
    public Received transform(Message<byte[]> datagram) {
        listener.received();
        byte[] bytes = datagram.getPayload();
        InetSocketAddress from = (InetSocketAddress) datagram.getHeaders().get(IpHeaders.PACKET_ADDRESS);
        // A client that sends lines (netcat) is answered with lines; the original client without a newline.
        boolean lineEnded = bytes.length > 0 && bytes[bytes.length - 1] == '\n';
        return new Received(from, ChatCommand.fromDatagram(bytes, bytes.length, maxDatagramBytes, maxLines), lineEnded);
    }
}
