package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayDeque;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

import dev.netservices.chat.room.History;
import dev.netservices.common.time.ServiceClock;

/**
 * Puts this node's relay messages on the room's Redis channel, in the order they were handed over, with at most
 * one publication on its way at a time: what arrives meanwhile waits here and leaves as one framed batch, sealed
 * with the cluster's secret ({@link RelaySeal}), when the publication before it is answered (group commit).
 * <pre>
 *   idle --offer--> publishing (the offering thread writes the PUBLISH asynchronously, never waiting for Redis)
 *   publishing --offer--> publishing (the message waits, up to MAX_WAITING; past it, dropped and counted)
 *   publishing --answered, some waiting--> publishing (the thread that takes the answer writes the next batch:
 *                                            the next publishing thread, or the link's own when none comes first)
 *   publishing --answered, none waiting--> idle
 *   idle or publishing --keep--> unchanged (the history line waits for the relay message that follows it)
 * </pre>
 * So one line alone costs one PUBLISH and no thread hand-over on this node (the profile showed each hand-over to a
 * publisher thread, and the wait for its synchronous reply, in the relayed line's latency); under load the lines
 * share PUBLISHes and Redis's and the other nodes' work per line shrinks. A failed publication (Redis away: the
 * connection rejects commands at once) drops its batch and counts each message, never blocking the caller.
 *
 * <p>A line kept for its room's history ({@link #keep}) never starts a publication: the room keeps a line just before
 * it returns the line itself, which this node's {@link RelayOut} publishes next on the same thread, so the history's
 * write (four commands a line, {@link RedisHistory#keepCommands}) and the line's PUBLISH leave in the same batch,
 * pipelined, and are answered together; when their answers show the history past its bound, the node sends the
 * history's script ({@link RedisHistory#SETTLE}) at once, before its next batch. Starting one for the history's write alone (then an XADD) made every line of a
 * cluster two round trips to Redis in a row (the PUBLISH waited behind the XADD's answer): the profile of issue 22's
 * build showed it as half the single-room cluster rate at W = 1.
 */
final class RelayPublisher {

    /** Messages waiting while a publication is on its way; past it (Redis slow or gone) further ones are dropped. */
    static final int MAX_WAITING = 10_000;
    /** Messages in one publication at most, so that one PUBLISH stays a modest size for Redis and the readers. */
    static final int MAX_BATCH = 256;
    private static final Logger log = LoggerFactory.getLogger(RelayPublisher.class);

    private static final byte[] PUBLISH = "PUBLISH".getBytes(UTF_8);

    private final RelayLink link;
    private final byte[] topic;
    private final String node;
    private final ServiceClock clock;
    private final RelaySeal seal;
    private final ClusterListener listener;
    /** Encoded relay messages and {@link Kept} lines, in the order handed over; guarded by this, with {@link #publishing}. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    /** The history's bound, as {@link RedisHistory#SETTLE} takes it, and its lines and characters. */
    private final byte[][] historyBound;
    private final int historyLines;
    private final long historyChars;
    /**
     * Whether Redis has the history's script, as far as this node knows: until it answered one, the script goes whole
     * ({@code EVAL}); then by its hash.
     */
    private volatile boolean scriptKnown;
    /** The last score a history line gave its room ({@link RedisHistory#ROOMS}); written only while publishing. */
    private long lastMicros;
    /** How many of {@link #waiting} are {@link Kept}; guarded by this. */
    private int keptWaiting;
    private boolean publishing;

    /**
     * {@code historyLines}: each room's Stream keeps that many lines, within the rooms and characters every node keeps
     * ({@link History#MAX_ROOMS}, {@link History#MAX_CHARS}).
     */
    RelayPublisher(RelayLink link, String topic, String node, ServiceClock clock, RelaySeal seal,
            ClusterListener listener, int historyLines) {
        this(link, topic, node, clock, seal, listener, historyLines, History.MAX_ROOMS, History.MAX_CHARS);
    }

    /** With a bound of its own over all rooms (tests). */
    RelayPublisher(RelayLink link, String topic, String node, ServiceClock clock, RelaySeal seal,
            ClusterListener listener, int historyLines, int historyRooms, long historyChars) {
        this.link = link;
        this.topic = topic.getBytes(UTF_8);
        this.node = node;
        this.clock = clock;
        this.seal = seal;
        this.listener = listener;
        this.historyBound = RedisHistory.bound(historyLines, historyRooms, historyChars);
        this.historyLines = historyLines;
        this.historyChars = historyChars;
    }

    /** A line for a room's history Stream, written in the same batch as the relay messages around it. */
    record Kept(byte[] stream, long millis, String text) {
    }

    /** Hands over one message of this node's, stamped with the wall time now; returns at once. */
    void publish(RelayMessage.Kind kind, String text) {
        listener.relayed("out");
        // The answers to this node's last publication, if they came: the next batch may then leave now, not wait here.
        link.poll();
        if (offer(new RelayMessage(node, clock.currentTimeMillis(), kind, text).encode())) {
            link.awaited();
        }
    }

    /**
     * Hands over one line for a room's history; returns at once. It rides the batch of the relay message handed over
     * after it (its commands pipelined before the batch's PUBLISH on the same connection): no round trip of its own,
     * and no wait. Were none to follow, it would leave with the next one this node publishes.
     */
    void keep(String stream, long millis, String text) {
        offer(new Kept(stream.getBytes(UTF_8), millis, text));
    }

    /** True when {@code encoded} waits behind a publication on its way. */
    private boolean offer(Object encoded) {
        List<Object> batch;
        boolean history = encoded instanceof Kept;
        synchronized (this) {
            if (publishing || history) {
                // Relay messages and history lines each have MAX_WAITING places: a slow Redis drops both, each counted
                // as what it is.
                if (history ? keptWaiting >= MAX_WAITING : waiting.size() - keptWaiting >= MAX_WAITING) {
                    listener.redisFailed(history ? "history-queue-full" : "relay-queue-full");
                } else {
                    waiting.add(encoded);
                    keptWaiting += history ? 1 : 0;
                }
                return publishing && !history;
            }
            publishing = true;
            if (waiting.isEmpty()) {
                batch = List.of(encoded);
            } else {
                waiting.add(encoded);
                batch = take();
            }
        }
        publishFrom(batch);
        return false;
    }

    /** Publishes {@code batch} and, as each publication is answered, the next; runs until nothing waits. */
    private void publishFrom(List<Object> batch) {
        while (batch != null) {
            CompletableFuture<Long> answer = send(batch);
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
            Throwable failure = answer == null ? null : answer.handle((receivers, f) -> f).getNow(null);
            if (failure != null) {
                failed(batch.size(), failure);
            }
            batch = next();
        }
    }

    /**
     * The batch's history lines (four commands each, {@link RedisHistory#keepCommands}) then its relay messages (one
     * PUBLISH), handed to the connection as one write without waiting; the last command on its way, or null when they
     * could not even be written (counted). One connection answers in order, so the last answered means all were.
     *
     * <p>One write, not one per command: on Lettuce a command written from a thread other than its I/O thread becomes
     * a task for that thread and wakes it, and on the one core the pinned method gives all servers each wake-up is a
     * switch between threads (the profile of a line with its XADD showed the receive thread with more of its samples
     * there than in its 24 sends); on the relay's own socket ({@link RelaySocket}) it is one system call.
     */
    private CompletableFuture<Long> send(List<Object> batch) {
        try {
            List<byte[][]> commands = new ArrayList<>(2);
            List<Kept> kept = new ArrayList<>();
            List<String> messages = new ArrayList<>(batch.size());
            for (Object item : batch) {
                if (item instanceof Kept line) {
                    kept.add(line);
                    RedisHistory.keepCommands(line, nextMicros(), commands);
                } else {
                    messages.add((String) item);
                }
            }
            if (!messages.isEmpty()) {
                byte[] publication = seal.seal(node, RelayMessage.encodeBatch(messages)).getBytes(UTF_8);
                commands.add(new byte[][] {PUBLISH, topic, publication});
            }
            List<CompletableFuture<Long>> answers = link.write(commands);
            if (!kept.isEmpty()) {
                // The history's answers come before the PUBLISH's: a settlement they ask for is written before the
                // next batch, which leaves once the PUBLISH is answered.
                List<CompletableFuture<Long>> history = answers.subList(0, kept.size() * RedisHistory.COMMANDS_A_LINE);
                CompletableFuture.allOf(history.toArray(CompletableFuture[]::new))
                        .whenComplete((none, failure) -> keptAnswered(kept, history));
            }
            return answers.getLast();
        } catch (RuntimeException e) {
            failed(batch.size(), e);
            return null;
        }
    }

    /** A strictly increasing score for the rooms' index: the wall clock in microseconds. Called while publishing. */
    private long nextMicros() {
        Instant now = clock.now();
        lastMicros = Math.max(lastMicros + 1, now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
        return lastMicros;
    }

    /**
     * The history lines' answers, all in: each line with a refused or failed command is counted as the history's
     * failure; the Streams whose answers show the bound passed are settled ({@link RedisHistory#SETTLE}).
     */
    private void keptAnswered(List<Kept> kept, List<CompletableFuture<Long>> answers) {
        Map<String, byte[]> past = new LinkedHashMap<>();
        int failures = 0;
        for (int i = 0; i < kept.size(); i++) {
            List<CompletableFuture<Long>> line = answers.subList(i * RedisHistory.COMMANDS_A_LINE, (i + 1) * RedisHistory.COMMANDS_A_LINE);
            if (line.stream().anyMatch(CompletableFuture::isCompletedExceptionally)) {
                failures++;
            } else if (RedisHistory.pastTheBound(line.get(RedisHistory.TOTAL_ANSWER).join(),
                    line.get(RedisHistory.LINES_ANSWER).join(), line.get(RedisHistory.ROOM_ANSWER).join(), historyLines,
                    historyChars)) {
                past.putIfAbsent(new String(kept.get(i).stream(), UTF_8), kept.get(i).stream());
            }
        }
        historyFailed(failures);
        if (!past.isEmpty()) {
            settle(past.values(), scriptKnown);
        }
    }

    /**
     * Sends the history's script for {@code streams}; where Redis did not have it (restarted, or its scripts flushed),
     * once more with the script itself. A settlement that fails is counted as the history's failure: the next line
     * past the bound asks again.
     */
    private void settle(Collection<byte[]> streams, boolean byHash) {
        try {
            link.write(List.<byte[][]>of(RedisHistory.settleCommand(streams, historyBound, byHash))).getFirst()
                    .whenComplete((none, failure) -> {
                        if (failure == null) {
                            scriptKnown = true;
                        } else if (byHash && noScript(failure)) {
                            scriptKnown = false;
                            settle(streams, false);
                        } else {
                            historyFailed(1);
                        }
                    });
        } catch (RuntimeException e) {
            historyFailed(1);
        }
    }

    private static boolean noScript(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private void historyFailed(int lines) {
        for (int i = 0; i < lines; i++) {
            listener.redisFailed("history");
        }
    }

    /**
     * The next batch, or null (and idle) when nothing waits but history lines: their relay messages are on their way
     * here (see {@link #keep}), and they leave together.
     */
    private synchronized List<Object> next() {
        if (waiting.size() == keptWaiting) {
            publishing = false;
            return null;
        }
        return take();
    }

    /** Up to {@link #MAX_BATCH} of what waits, oldest first; called holding this. */
    private List<Object> take() {
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
