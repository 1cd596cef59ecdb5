package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.netservices.chat.room.Member;
import dev.netservices.chat.room.Membership;
import dev.netservices.chat.room.Moderation;
import dev.netservices.chat.room.Outgoing;
import dev.netservices.chat.room.RoomName;
import dev.netservices.chat.room.Sends;
import dev.netservices.chat.udp.SideEntry;
import dev.netservices.common.time.ServiceClock;

/**
 * The relay's step on a receiving node, run on the thread that read the publication from Redis (no hand-over per
 * line: the channel's order is kept by construction, and a line costs no thread wake-up here). The lines and notices
 * of a publication become one {@link Sends} for this node's members who had joined when each was sent, which the
 * {@link RelayIn} hands on to the datagram flow's outgoing step. A removal request for a member of this node, and
 * word that the bans and mutes changed (reread from Redis, then enforced here), are carried out on a thread of their
 * own, because removing frees the name in Redis with a synchronous call, which must not run on Redis's own I/O
 * thread; what they send enters through the {@link SideEntry}.
 *
 * <p>Every publication is opened by the {@link RelaySeal}: only sealed ones with the cluster's secret, and in them only
 * messages whose every field keeps the rules of member input, reach this node's members; the rest is dropped and
 * counted ({@code chat.relay.refused}). A node's own publications come back to it on the channel and are skipped by
 * their first field, without opening: it delivered them to its members before publishing (one forged in its name is
 * skipped alike, which gains its forger nothing).
 */
final class RelayReceiver implements AutoCloseable {

    private final Membership membership;
    private final Moderation moderation;
    private final SideEntry sideEntry;
    private final String ownPrefix;
    private final ServiceClock clock;
    private final RelaySeal seal;
    private final ClusterListener listener;
    private final RedisSanctions sanctions;
    private final ExecutorService removals = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("chat-relay-removals").daemon(true).factory());

    RelayReceiver(Membership membership, Moderation moderation, SideEntry sideEntry, String node, ServiceClock clock,
            RelaySeal seal, ClusterListener listener, RedisSanctions sanctions) {
        this.membership = membership;
        this.moderation = moderation;
        this.sideEntry = sideEntry;
        this.ownPrefix = node + RelaySeal.HEADER_SEPARATOR;
        this.clock = clock;
        this.seal = seal;
        this.listener = listener;
        this.sanctions = sanctions;
    }

    /** The lines for this node's members, or null when there are none. */
    Sends receive(String publication) {
        if (publication.startsWith(ownPrefix)) {
            return null; // a batch is one node's: all of it is ours
        }
        long now = clock.currentTimeMillis();
        List<Outgoing> lines = new ArrayList<>(1);
        RelaySeal.Opened opened = seal.open(publication, now);
        opened.refused().forEach(listener::relayRefused);
        for (RelayMessage message : opened.messages()) {
            listener.relayed("in");
            listener.relayTook(now - message.sentAtMillis());
            // A lobby line (most messages) has no fields inside its text: split only the others.
            String[] parts = message.kind() == RelayMessage.Kind.LINE ? null : message.text().split(RelayMessage.SEPARATOR, 2);
            switch (message.kind()) {
                case LINE -> lines.add(relayed(message.text(), membership.joinedBy(RoomName.LOBBY, message.sentAtMillis())));
                case ROOM -> lines.add(relayed(parts[1],
                        membership.joinedBy(RoomName.of(parts[0]).orElseThrow(), message.sentAtMillis())));
                case ALL -> lines.add(relayed(message.text(), membership.here()));
                case PRIVATE -> {
                    Member to = membership.holding(parts[0]);
                    if (to != null) {
                        lines.add(relayed(parts[1], new Member[] {to}));
                    }
                }
                case REMOVE -> removals.execute(() -> sideEntry.send(moderation.removeHere(parts[0], parts.length == 2 ? parts[1] : null)));
                // Reading Redis must not run on its own I/O thread (this one): on the removals' thread, in order.
                case SANCTIONS -> removals.execute(() -> {
                    sanctions.reload();
                    sideEntry.send(moderation.enforceBans());
                });
            }
        }
        return lines.isEmpty() ? null : new Sends(lines);
    }

    private static Outgoing relayed(String text, Member[] members) {
        return Outgoing.relayed(text.getBytes(UTF_8), members);
    }

    @Override
    public void close() {
        removals.shutdownNow();
    }
}
