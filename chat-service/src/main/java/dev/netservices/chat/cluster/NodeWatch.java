package dev.netservices.chat.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.cluster.RedisRoster.Holder;
import dev.netservices.chat.room.Member;
import dev.netservices.chat.room.Membership;
import dev.netservices.chat.room.Outgoing;
import dev.netservices.chat.room.RoomName;
import dev.netservices.chat.room.RoomTexts;
import dev.netservices.chat.room.Sends;
import dev.netservices.chat.udp.SideEntry;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Node liveness, on one thread that wakes every third of {@code chat.cluster.node-timeout}:
 * <pre>
 *   beat:  SET chat:node:NAME (expires after 2/3 of the timeout)
 *          key was missing (Redis restarted empty, or the others took us for dead)? re-claim our members' names
 *          for each node holding names without a live key: free each name (compare-and-delete), and the node that
 *          freed it tells the room "NAME left the room" through the SideEntry (so the room is told once, whoever
 *          notices first)
 *          free the names Redis holds for this node but no member here has (a claim Redis ran after we gave up on it)
 *          reread the bans and mutes (RedisSanctions)
 *   fails: Redis is lost (RedisReach): the cluster is DOWN (health says why) and the roster answers at once without
 *          asking; the next beat tries again, nothing spins meanwhile; the first beat that succeeds reaches it again
 * </pre>
 * A node that dies is so noticed within the timeout: its key expires 2/3 of it after its last beat, and some
 * node's next beat comes at most 1/3 later.
 */
public final class NodeWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodeWatch.class);

    private final StringRedisTemplate redis;
    private final RedisRoster roster;
    private final Membership membership;
    private final RoomTexts texts;
    private final SideEntry sideEntry;
    private final ClusterListener listener;
    private final String node;
    private final Duration period;
    private final Duration keyLife;
    private final RedisReach reach;
    private final RedisSanctions sanctions;
    private volatile ScheduledExecutorService beats;
    /** Whether "unreachable" was logged since Redis was last reached; the beat thread's only. */
    private boolean warned;
    /** Whether a heartbeat has been tried yet (health says "not started" before). */
    private volatile boolean beaten;

    NodeWatch(StringRedisTemplate redis, RedisRoster roster, RedisReach reach, Membership membership, RoomTexts texts,
            SideEntry sideEntry, ClusterListener listener, String node, Duration nodeTimeout, RedisSanctions sanctions) {
        this.redis = redis;
        this.roster = roster;
        this.reach = reach;
        this.membership = membership;
        this.texts = texts;
        this.sideEntry = sideEntry;
        this.listener = listener;
        this.node = node;
        this.period = nodeTimeout.dividedBy(3);
        this.keyLife = nodeTimeout.minus(period);
        this.sanctions = sanctions;
    }

    static String nodeKey(String node) {
        return "chat:node:" + node;
    }

    /** Null while the cluster works, else why not (for health). */
    public String problem() {
        return beaten ? reach.problem() : "not started";
    }

    public String node() {
        return node;
    }

    void beat() {
        String before = beaten ? reach.problem() : "not started";
        beaten = true;
        try {
            boolean known = Boolean.TRUE.equals(redis.expire(nodeKey(node), keyLife));
            if (!known) {
                redis.opsForValue().set(nodeKey(node), "alive", keyLife);
            }
            reach.reached(); // the roster asks Redis again from here on
            if (!known) {
                reRegister();
            }
            List<Holder> holders = roster.holders();
            removeDeadNodes(holders);
            freeNamesNoLongerHeld(holders);
            sanctions.reload(); // a SANCTIONS message lost while this node was away is made good here
            if (before != null) {
                log.info("cluster: Redis reachable; node {} is in the room with {} member(s)", node, membership.size());
            }
            warned = false;
        } catch (RuntimeException e) {
            listener.redisFailed("heartbeat");
            String cause = NestedExceptionUtils.getMostSpecificCause(e).getMessage();
            if (!warned) {
                log.warn("cluster: Redis unreachable ({}); members of this node keep talking among themselves, joins are refused",
                        cause);
                warned = true;
            }
            reach.lost("Redis unreachable: " + cause);
        }
    }

    private void reRegister() {
        for (Member member : membership.here()) {
            if (!roster.reRegister(member)) {
                log.warn("cluster: the name {} of a member here is now held by another node", member.name());
            } else if (!membership.holds(member)) {
                roster.release(member); // it left while its name was being claimed again
            } else if (!member.room().isLobby()) {
                roster.entered(member);
            }
        }
    }

    /**
     * Frees the names Redis says this node holds but no member here (nor a join waiting for its claim) has: a claim
     * Redis carried out after this node had stopped waiting for it (Redis hung, the join was refused), or a release
     * that failed while Redis was away. The joins waiting are read before the members, so that one decided in between
     * is seen among the members.
     */
    private void freeNamesNoLongerHeld(List<Holder> holders) {
        Set<String> held = new HashSet<>();
        for (Member member : membership.reserved()) {
            held.add(roster.holderValue(member));
        }
        for (Member member : membership.here()) {
            held.add(roster.holderValue(member));
        }
        for (Holder holder : holders) {
            if (holder.node().equals(node) && !held.contains(holder.value()) && roster.release(holder.key(), holder.value())) {
                log.debug("cluster: freed the name {}, held in Redis for no member of this node", holder.name());
            }
        }
    }

    private void removeDeadNodes(List<Holder> holders) {
        Set<String> checked = new HashSet<>();
        Set<String> dead = new HashSet<>();
        for (Holder holder : holders) {
            if (!holder.node().equals(node) && checked.add(holder.node()) && !Boolean.TRUE.equals(redis.hasKey(nodeKey(holder.node())))) {
                dead.add(holder.node());
            }
        }
        for (Holder holder : holders) {
            if (dead.contains(holder.node()) && roster.release(holder.key(), holder.value())) {
                log.info("cluster: node {} stopped answering; removed its member {}", holder.node(), holder.name());
                RoomName room = holder.roomName();
                sideEntry.send(Sends.of(Outgoing.toEveryone(room, texts.text("chat.left", holder.name()), membership.in(room), null)));
            }
        }
    }

    @Override
    public void start() {
        // Before the first beat is reported (health UP): a node just restarted refuses a banned join from the start.
        sanctions.reload();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("chat-node-watch").daemon(true).factory());
        beats = executor;
        executor.scheduleWithFixedDelay(this::beat, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = beats;
        beats = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        try {
            // A clean stop frees this node's names at once instead of after the timeout.
            for (Member member : membership.here()) {
                roster.release(member.key(), roster.holderValue(member)); // now, on this thread: the lane is closing
            }
            redis.delete(nodeKey(node));
        } catch (RuntimeException e) {
            log.debug("cluster: could not sign off: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return beats != null;
    }
}
