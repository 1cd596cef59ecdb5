package dev.netservices.chat.cluster;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.lettuce.core.RedisCommandExecutionException;

import org.springframework.core.NestedExceptionUtils;

/**
 * The one thread on which the roster's questions to Redis (name claims and releases, the member list) are asked,
 * so that no receive thread ever waits for Redis. One thread, so that a release and a claim of the same name are
 * asked in the order made. Its queue is bounded ({@code MAX_WAITING}): past it, and while Redis is known to be away
 * ({@link RedisReach}), a question is answered at once with its fallback and counted; a command that fails marks
 * Redis away, so at most one question waits out the timeout before the others are answered at once.
 */
final class RedisLane implements AutoCloseable {

    /** Questions waiting for Redis at most; each is one join, rename, leave or {@code /who}. */
    static final int MAX_WAITING = 1_000;

    private final RedisReach reach;
    private final ClusterListener listener;
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(MAX_WAITING), Thread.ofPlatform().name("chat-redis").daemon(true).factory());

    RedisLane(RedisReach reach, ClusterListener listener) {
        this.reach = reach;
        this.listener = listener;
    }

    /**
     * {@code question}'s answer, asked on the lane; {@code fallback} when Redis is known to be away, when the lane is
     * full, or when the question fails ({@code operation} names it in {@code chat.redis.errors}).
     */
    <T> CompletableFuture<T> ask(String operation, Supplier<T> question, T fallback) {
        if (reach.isLost()) {
            listener.redisFailed(operation);
            return CompletableFuture.completedFuture(fallback);
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        try {
            thread.execute(() -> answer.complete(now(operation, question, fallback)));
        } catch (RejectedExecutionException e) {
            listener.redisFailed(operation + "-queue-full");
            answer.complete(fallback);
        }
        return answer;
    }

    /** Asks on the caller's thread (not a receive thread: the node watch, an admin request), failing fast while away. */
    <T> T now(String operation, Supplier<T> question, T fallback) {
        if (reach.isLost()) {
            listener.redisFailed(operation);
            return fallback;
        }
        try {
            return question.get();
        } catch (RuntimeException e) {
            listener.redisFailed(operation);
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
            // Redis answered with an error (an ACL without a command, NOPERM): it is there, only this question failed.
            if (!(cause instanceof RedisCommandExecutionException)) {
                reach.lost("Redis unreachable: " + cause.getMessage());
            }
            return fallback;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
