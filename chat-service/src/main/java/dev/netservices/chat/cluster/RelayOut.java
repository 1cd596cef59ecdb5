package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.netservices.chat.room.Outgoing;
import dev.netservices.chat.room.Sends;

import org.springframework.core.Ordered;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

/**
 * The datagram flow's relay step, with the cluster on: subscribed to {@code chatOut} before the datagram sender, it
 * hands every notice for a whole room ({@link Outgoing.Everyone}: lines, joins, leaves, moves, announcements,
 * removals) and every private message for a member of another node ({@link Outgoing.Elsewhere}) to the
 * {@link RelayPublisher}, the lobby's lines in the seed's one-room shape ({@code LINE}). First, because the publication returns at once and its path (Redis, the other
 * nodes) is the longer one: it then travels while this thread sends to this node's members, instead of after them.
 */
final class RelayOut implements MessageHandler, Ordered {

    private final RelayPublisher publisher;

    RelayOut(RelayPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void handleMessage(Message<?> message) {
        for (Outgoing outgoing : ((Sends) message.getPayload()).outgoing()) {
            switch (outgoing.recipients()) {
                case Outgoing.Everyone everyone when everyone.room() == null ->
                        publisher.publish(RelayMessage.Kind.ALL, new String(outgoing.datagram(), UTF_8));
                case Outgoing.Everyone everyone when everyone.room().isLobby() ->
                        publisher.publish(RelayMessage.Kind.LINE, new String(outgoing.datagram(), UTF_8));
                case Outgoing.Everyone everyone -> publisher.publish(RelayMessage.Kind.ROOM,
                        everyone.room().shown() + RelayMessage.SEPARATOR + new String(outgoing.datagram(), UTF_8));
                case Outgoing.Elsewhere elsewhere -> publisher.publish(RelayMessage.Kind.PRIVATE,
                        elsewhere.name() + RelayMessage.SEPARATOR + new String(outgoing.datagram(), UTF_8));
                default -> {
                    // replies and this node's members only: nothing for the other nodes
                }
            }
        }
    }
}
