package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.netservices.chat.observability.ChatMetrics;
import dev.netservices.chat.room.ChatRoom;
import dev.netservices.common.time.ServiceClock;

import org.springframework.integration.core.GenericHandler;
import org.springframework.messaging.MessageHeaders;

/**
 * The relay's last step on a receiving node, run on the thread that read the publication from Redis (no hand-over
 * per line: the channel's order is kept by construction, and a line costs no thread wake-up here). A line or notice
 * from another node goes to this node's members (down the datagram flow's outgoing step, from this node's chat
 * socket). A removal request for a member of this node is carried out on a thread of its own, because removing frees
 * the name in Redis with a synchronous call, which must not run on Redis's own I/O thread.
 *
 * <p>A node's own publications come back to it on the channel and are skipped by their first field, without
 * decoding: it delivered them to its members before publishing.
 */
public final class RelayReceiver implements GenericHandler<String>, AutoCloseable {

    private final ChatRoom room;
    private final String ownPrefix;
    private final ServiceClock clock;
    private final ChatMetrics metrics;
    private final ExecutorService removals = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("chat-relay-removals").daemon(true).factory());

    public RelayReceiver(ChatRoom room, String node, ServiceClock clock, ChatMetrics metrics) {
        this.room = room;
        this.ownPrefix = node + "\u001f";
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public Object handle(String publication, MessageHeaders headers) {
        if (publication.startsWith(ownPrefix)) {
            return null; // a batch is one node's: all of it is ours
        }
        long now = clock.currentTimeMillis();
        for (RelayMessage message : RelayMessage.decodeBatch(publication)) {
            metrics.relayed("in");
            metrics.relayLag(now - message.sentAtMillis());
            switch (message.kind()) {
                case LINE -> room.deliverFromElsewhere(message.text().getBytes(UTF_8), message.sentAtMillis());
                case REMOVE -> removals.execute(() -> room.removeHere(message.text()));
            }
        }
        return null;
    }

    @Override
    public void close() {
        removals.shutdownNow();
    }
}
