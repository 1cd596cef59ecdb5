package dev.netservices.chat.udp;

import java.net.InetSocketAddress;

import dev.netservices.chat.room.ChatCommand;
import dev.netservices.chat.room.Received;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.transformer.Transformer;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * The flow's decode step: the datagram's bytes and sender to a {@link Received} command; never throws. A
 * {@link Transformer} (message in, message out), which the flow calls directly: given as a plain transformer of
 * payloads, the step was called through Spring's reflective method invoker, which the profile of a line put at about
 * a tenth of the receive thread's time outside the sends.
 */
final class DatagramDecoder implements Transformer {

    private final DatagramListener listener;
    private final int maxDatagramBytes;
    private final int maxLines;

    DatagramDecoder(DatagramListener listener, int maxDatagramBytes, int maxLines) {
        this.listener = listener;
        this.maxDatagramBytes = maxDatagramBytes;
        this.maxLines = maxLines;
    }

    @Override
    public Message<?> transform(Message<?> datagram) {
        // The headers (the sender's address, the socket it came in on) go on with the command, as the flow's own
        // transformers copy them.
        return new GenericMessage<>(decode(datagram), datagram.getHeaders());
    }

    private Received decode(Message<?> datagram) {
        listener.received();
        byte[] bytes = (byte[]) datagram.getPayload();
        InetSocketAddress from = (InetSocketAddress) datagram.getHeaders().get(IpHeaders.PACKET_ADDRESS);
        // A client that sends lines (netcat) is answered with lines; the original client without a newline.
        boolean lineEnded = bytes.length > 0 && bytes[bytes.length - 1] == '\n';
        return new Received(from, ChatCommand.fromDatagram(bytes, bytes.length, maxDatagramBytes, maxLines), lineEnded);
    }
}
