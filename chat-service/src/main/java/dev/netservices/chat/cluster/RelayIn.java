package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.netservices.chat.room.Sends;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

/**
 * The relay's way in: each publication read from the room's channel, on the subscription's I/O thread, goes to the
 * {@link RelayReceiver} and what it makes of it to {@code chatOut} (the datagram flow's outgoing step), as one message.
 *
 * <p>A listener of the subscription's own rather than Spring Integration's Redis inbound adapter and a handler step: the
 * same container, thread and order, without the adapter's reflective listener call, its message conversion, the
 * handler's reflective invocation and the header maps copied at each step, which were a sixth of the receiving node's
 * samples per relayed line in the cluster bench's profile (bench/chat/README.md).
 */
final class RelayIn implements MessageListener {

    private final RelayReceiver receiver;
    private final MessageChannel out;

    RelayIn(RelayReceiver receiver, MessageChannel out) {
        this.receiver = receiver;
        this.out = out;
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        Sends sends = receiver.receive(new String(message.getBody(), UTF_8));
        if (sends != null) {
            out.send(new GenericMessage<>(sends));
        }
    }
}
