package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.cluster.RedisRoom.Holder;
import dev.netservices.chat.observability.ChatMetrics;
import dev.netservices.chat.room.ChatRoom;
import dev.netservices.chat.room.Member;
import dev.netservices.chat.room.RoomTexts;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Node liveness, on one thread that wakes every third of {@code chat.cluster.node-timeout}:
 * <pre>
 *   beat:  SET chat:node:NAME (expires after 2/3 of the timeout)
 *          key was missing (Redis restarted empty, or the others took us for dead)? re-claim our members' names
 *          for each node holding names without a live key: free each name (compare-and-delete), and the node that
 *          freed it tells the room "NAME left the room" (so the room is told once, whoever notices first)
 *   fails: the cluster is DOWN (health says why); the next beat tries again, nothing spins meanwhile
 * </pre>
 * A node that dies is so noticed within the timeout: its key expires 2/3 of it after its last beat, and some
 * node's next beat comes at most 1/3 later.
 */
public final class NodeWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodeWatch.class);

    private final StringRedisTemplate redis;
    private final RedisRoom others;
    private final ChatRoom room;
    private final RoomTexts texts;
    private final ChatMetrics metrics;
    private final String node;
    private final Duration period;
    private final Duration keyLife;
    private volatile ScheduledExecutorService beats;
    private volatile String problem = "not started";

    public NodeWatch(StringRedisTemplate redis, RedisRoom others, ChatRoom room, RoomTexts texts, ChatMetrics metrics,
            String node, Duration nodeTimeout) {
        this.redis = redis;
        this.others = others;
        this.room = room;
        this.texts = texts;
        this.metrics = metrics;
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
                log.info("cluster: Redis reachable; node {} is in the room with {} member(s)", node, room.localMembers().length);
            }
            problem = null;
        } catch (RuntimeException e) {
            metrics.redisError("heartbeat");
            String cause = NestedExceptionUtils.getMostSpecificCause(e).getMessage();
            if (problem == null || problem.equals("not started")) {
                log.warn("cluster: Redis unreachable ({}); members of this node keep talking among themselves, joins are refused",
                        cause);
            }
            problem = "Redis unreachable: " + cause;
        }
    }

    private void reRegister() {
        for (Member member : room.localMembers()) {
            if (!others.reRegister(member)) {
                log.warn("cluster: the name {} of a member here is now held by another node", member.name());
            } else if (!room.holds(member)) {
                others.release(member); // it left while its name was being claimed again
            }
        }
    }

    private void removeDeadNodes() {
        List<Holder> holders = others.holders();
        Set<String> checked = new HashSet<>();
        Set<String> dead = new HashSet<>();
        for (Holder holder : holders) {
            if (!holder.node().equals(node) && checked.add(holder.node()) && !Boolean.TRUE.equals(redis.hasKey(nodeKey(holder.node())))) {
                dead.add(holder.node());
            }
        }
        for (Holder holder : holders) {
            if (dead.contains(holder.node()) && others.release(holder.key(), holder.value())) {
                log.info("cluster: node {} stopped answering; removed its member {}", holder.node(), holder.name());
                byte[] notice = texts.text("chat.left", holder.name()).getBytes(UTF_8);
                room.deliverFromElsewhere(notice, Long.MAX_VALUE);
                others.relay(notice);
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
            for (Member member : room.localMembers()) {
                others.release(member);
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
