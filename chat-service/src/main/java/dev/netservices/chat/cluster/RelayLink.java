package dev.netservices.chat.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the relay's commands go ({@link RelayPublisher}): each batch written as one write without waiting, on one
 * connection, answered in order. Two kinds: {@link RelaySocket} (a plain TCP connection of the relay's own, written by
 * the publishing thread itself) and {@link LettuceRelayLink} (a Lettuce client, for what the socket does not speak:
 * TLS, Sentinel, Redis Cluster, a Unix socket, a credentials provider).
 */
interface RelayLink extends AutoCloseable {

    /**
     * Writes {@code commands} (each its name and arguments) in order, as one write; one answer per command: Redis's
     * integer reply ({@code HINCRBY}, {@code ZADD}, {@code PUBLISH}), 0 for any other kind, or completed exceptionally
     * with Redis's refusal (an ACL {@code NOPERM}) or the link's failure. Never waits for Redis.
     */
    List<CompletableFuture<Long>> write(List<byte[][]> commands);

    /** Takes the answers that have arrived, without waiting; a link whose answers are read by a thread of its own does nothing. */
    default void poll() {
    }

    /**
     * Something waits for the answers on their way (the next batch): they must be taken when they come even if this
     * node publishes nothing more until then.
     */
    default void awaited() {
    }

    @Override
    default void close() {
    }
}
