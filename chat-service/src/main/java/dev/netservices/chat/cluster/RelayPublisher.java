package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import dev.netservices.common.time.ServiceClock;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Puts this node's relay messages on the room's Redis channel, in the order they were handed over, with at most
 * one publication on its way at a time: what arrives meanwhile waits here and leaves as one framed batch, sealed
 * with the cluster's secret ({@link RelaySeal}), when the publication before it is answered (group commit).
 * <pre>
 *   idle --offer--> publishing (the offering thread writes the PUBLISH asynchronously, never waiting for Redis)
 *   publishing --offer--> publishing (the message waits, up to MAX_WAITING; past it, dropped and counted)
 *   publishing --answered, some waiting--> publishing (Lettuce's I/O thread writes the next batch)
 *   publishing --answered, none waiting--> idle
 * </pre>
 * So one line alone costs one PUBLISH and no thread hand-over on this node (the profile showed each hand-over to a
 * publisher thread, and the wait for its synchronous reply, in the relayed line's latency); under load the lines
 * share PUBLISHes and Redis's and the other nodes' work per line shrinks. A failed publication (Redis away: the
 * connection rejects commands at once) drops its batch and counts each message, never blocking the caller.
 */
final class RelayPublisher {

    /** Messages waiting while a publication is on its way; past it (Redis slow or gone) further ones are dropped. */
    static final int MAX_WAITING = 10_000;
    /** Field names of a history Stream entry: when it was said (epoch milliseconds) and the line. */
    static final byte[] MILLIS = "t".getBytes(UTF_8);
    static final byte[] TEXT = "x".getBytes(UTF_8);
    /** Messages in one publication at most, so that one PUBLISH stays a modest size for Redis and the readers. */
    static final int MAX_BATCH = 256;
    private static final Logger log = LoggerFactory.getLogger(RelayPublisher.class);

    private final RedisConnectionFactory redis;
    private final byte[] topic;
    private final String node;
    private final ServiceClock clock;
    private final RelaySeal seal;
    private final ClusterListener listener;
    /** Encoded relay messages and {@link Kept} lines, in the order handed over; guarded by this, with {@link #publishing}. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private final XAddArgs capped;
    /** How many of {@link #waiting} are {@link Kept}; guarded by this. */
    private int keptWaiting;
    private boolean publishing;

    /** {@code historyLines}: each room's Stream is trimmed to about that many entries ({@code XADD MAXLEN ~}). */
    RelayPublisher(RedisConnectionFactory redis, String topic, String node, ServiceClock clock, RelaySeal seal,
            ClusterListener listener, int historyLines) {
        this.redis = redis;
        this.topic = topic.getBytes(UTF_8);
        this.node = node;
        this.clock = clock;
        this.seal = seal;
        this.listener = listener;
        this.capped = XAddArgs.Builder.maxlen(Math.max(1, historyLines)).approximateTrimming();
    }

    /** A line for a room's history Stream, written in the same batch as the relay messages around it. */
    record Kept(byte[] stream, long millis, String text) {
    }

    /** Hands over one message of this node's, stamped with the wall time now; returns at once. */
    void publish(RelayMessage.Kind kind, String text) {
        listener.relayed("out");
        offer(new RelayMessage(node, clock.currentTimeMillis(), kind, text).encode());
    }

    /**
     * Hands over one line for a room's history; returns at once. It rides the same batches as the relay (an XADD
     * pipelined before the batch's PUBLISH on the same connection): no round trip of its own, and no wait.
     */
    void keep(String stream, long millis, String text) {
        offer(new Kept(stream.getBytes(UTF_8), millis, text));
    }

    private void offer(Object encoded) {
        List<Object> batch;
        boolean history = encoded instanceof Kept;
        synchronized (this) {
            if (publishing) {
                // Relay messages and history lines each have MAX_WAITING places: a slow Redis drops both, each counted
                // as what it is.
                if (history ? keptWaiting >= MAX_WAITING : waiting.size() - keptWaiting >= MAX_WAITING) {
                    listener.redisFailed(history ? "history-queue-full" : "relay-queue-full");
                } else {
                    waiting.add(encoded);
                    keptWaiting += history ? 1 : 0;
                }
                return;
            }
            publishing = true;
            batch = List.of(encoded);
        }
        publishFrom(batch);
    }

    /** Publishes {@code batch} and, as each publication is answered, the next; runs until nothing waits. */
    private void publishFrom(List<Object> batch) {
        while (batch != null) {
            RedisFuture<?> answer = send(batch);
            if (answer != null && !answer.isDone()) {
                int size = batch.size();
                answer.whenComplete((receivers, failure) -> {
                    if (failure != null) {
                        failed(size, failure);
                    }
                    publishFrom(next());
                });
                return;
            }
            Throwable failure = answer == null ? null : answer.toCompletableFuture().handle((receivers, f) -> f).getNow(null);
            if (failure != null) {
                failed(batch.size(), failure);
            }
            batch = next();
        }
    }

    /**
     * The batch's history lines (XADD) then its relay messages (one PUBLISH), written without waiting; the last
     * command on its way, or null when they could not even be written (counted). One connection answers in order, so
     * the last answered means all were.
     */
    private RedisFuture<?> send(List<Object> batch) {
        try (RedisConnection connection = redis.getConnection()) {
            @SuppressWarnings("unchecked")
            RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
            RedisFuture<?> last = null;
            List<String> messages = new ArrayList<>(batch.size());
            for (Object item : batch) {
                if (item instanceof Kept kept) {
                    RedisFuture<String> added = commands.xadd(kept.stream(), capped, Map.of(MILLIS,
                            Long.toString(kept.millis()).getBytes(UTF_8), TEXT, kept.text().getBytes(UTF_8)));
                    added.whenComplete((id, failure) -> {
                        if (failure != null) {
                            listener.redisFailed("history");
                        }
                    });
                    last = added;
                } else {
                    messages.add((String) item);
                }
            }
            if (!messages.isEmpty()) {
                last = commands.publish(topic, seal.seal(node, RelayMessage.encodeBatch(messages)).getBytes(UTF_8));
            }
            return last;
        } catch (RuntimeException e) {
            failed(batch.size(), e);
            return null;
        }
    }

    /** The next batch, or null (and idle) when nothing waits. */
    private synchronized List<Object> next() {
        if (waiting.isEmpty()) {
            publishing = false;
            return null;
        }
        List<Object> batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
        while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
            Object item = waiting.poll();
            keptWaiting -= item instanceof Kept ? 1 : 0;
            batch.add(item);
        }
        return batch;
    }

    private void failed(int messages, Throwable failure) {
        for (int i = 0; i < messages; i++) {
            listener.redisFailed("publish");
        }
        log.debug("relay publish of {} message(s) failed: {}", messages, failure.toString());
    }
}
