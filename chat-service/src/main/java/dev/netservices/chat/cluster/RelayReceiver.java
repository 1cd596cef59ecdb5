package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.netservices.chat.observability.ChatMetrics;
import dev.netservices.chat.room.ChatRoom;
import dev.netservices.common.time.ServiceClock;

import org.springframework.integration.core.GenericHandler;
import org.springframework.messaging.MessageHeaders;

/**
 * The relay's last step on a receiving node: a line or notice from another node goes to this node's members
 * (down the datagram flow's outgoing step, from this node's chat socket); a removal request for a member of
 * this node is carried out here. A node's own messages come back to it on the channel and are skipped: it has
 * delivered them to its members already.
 */
public final class RelayReceiver implements GenericHandler<String> {

    private final ChatRoom room;
    private final String node;
    private final ServiceClock clock;
    private final ChatMetrics metrics;

    public RelayReceiver(ChatRoom room, String node, ServiceClock clock, ChatMetrics metrics) {
        this.room = room;
        this.node = node;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public Object handle(String payload, MessageHeaders headers) {
        RelayMessage.decode(payload).filter(message -> !message.origin().equals(node)).ifPresent(message -> {
            metrics.relayed("in");
            metrics.relayLag(clock.currentTimeMillis() - message.sentAtMillis());
            switch (message.kind()) {
                case LINE -> room.deliverFromElsewhere(message.text().getBytes(UTF_8), message.sentAtMillis());
                case REMOVE -> room.removeHere(message.text());
            }
        });
        return null;
    }
}
