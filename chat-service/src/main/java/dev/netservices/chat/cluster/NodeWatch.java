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
 *   fails: the cluster is DOWN (health says why); the next beat tries again, nothing spins meanwhile
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
    private volatile ScheduledExecutorService beats;
    private volatile String problem = "not started";

    NodeWatch(StringRedisTemplate redis, RedisRoster roster, Membership membership, RoomTexts texts, SideEntry sideEntry,
            ClusterListener listener, String node, Duration nodeTimeout) {
        this.redis = redis;
        this.roster = roster;
        this.membership = membership;
        this.texts = texts;
        this.sideEntry = sideEntry;
        this.listener = listener;
        this.node = node;
        this.period = nodeTimeout.dividedBy(3);
        this.keyLife = nodeTimeout.minus(period);
    }

    static String nodeKey(String node) {
        return "chat:node:" + node;
    }

    /** Null while the cluster works, else why not (for health). */
    public String problem() {
        return problem;
    }

    public String node() {
        return node;
    }

    void beat() {
        try {
            if (!Boolean.TRUE.equals(redis.expire(nodeKey(node), keyLife))) {
                redis.opsForValue().set(nodeKey(node), "alive", keyLife);
                reRegister();
            }
            removeDeadNodes();
            if (problem != null) {
                log.info("cluster: Redis reachable; node {} is in the room with {} member(s)", node, membership.size());
            }
            problem = null;
        } catch (RuntimeException e) {
            listener.redisFailed("heartbeat");
            String cause = NestedExceptionUtils.getMostSpecificCause(e).getMessage();
            if (problem == null || problem.equals("not started")) {
                log.warn("cluster: Redis unreachable ({}); members of this node keep talking among themselves, joins are refused",
                        cause);
            }
            problem = "Redis unreachable: " + cause;
        }
    }

    private void reRegister() {
        for (Member member : membership.here()) {
            if (!roster.reRegister(member)) {
                log.warn("cluster: the name {} of a member here is now held by another node", member.name());
            } else if (!membership.holds(member)) {
                roster.release(member); // it left while its name was being claimed again
            }
        }
    }

    private void removeDeadNodes() {
        List<Holder> holders = roster.holders();
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
                sideEntry.send(Sends.of(Outgoing.toEveryone(texts.text("chat.left", holder.name()), membership.here(), null)));
            }
        }
    }

    @Override
    public void start() {
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
                roster.release(member);
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
