package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.AbstractRedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The relay's commands on a Lettuce client ({@link RelayClient}): handed to the connection as one dispatch, which
 * Lettuce's I/O thread writes (a task for that thread, which wakes it) and whose answers it reads.
 */
final class LettuceRelayLink implements RelayLink {

    /** The commands the relay sends whose answer is an integer it reads. */
    private static final Set<CommandType> INTEGERS = EnumSet.of(CommandType.PUBLISH, CommandType.HINCRBY, CommandType.ZADD);

    private final RedisConnectionFactory redis;

    LettuceRelayLink(RedisConnectionFactory redis) {
        this.redis = redis;
    }

    /** Where the commands go. */
    RedisConnectionFactory connections() {
        return redis;
    }

    @Override
    public List<CompletableFuture<Long>> write(List<byte[][]> commands) {
        List<CompletableFuture<Long>> answers = new ArrayList<>(commands.size());
        try (RedisConnection connection = redis.getConnection()) {
            @SuppressWarnings("unchecked")
            AbstractRedisAsyncCommands<byte[], byte[]> async = (AbstractRedisAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
            List<AsyncCommand<byte[], byte[], ?>> written = new ArrayList<>(commands.size());
            for (byte[][] command : commands) {
                CommandType type = CommandType.valueOf(new String(command[0], US_ASCII));
                boolean integer = INTEGERS.contains(type);
                CommandOutput<byte[], byte[], ?> output = integer ? new IntegerOutput<>(ByteArrayCodec.INSTANCE)
                        : new StatusOutput<>(ByteArrayCodec.INSTANCE);
                CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
                for (int i = 1; i < command.length; i++) {
                    args.add(command[i]);
                }
                AsyncCommand<byte[], byte[], ?> async1 = new AsyncCommand<>(new Command<>(type, output, args));
                written.add(async1);
                answers.add(async1.thenApply(answer -> integer && answer != null ? (Long) answer : 0L));
            }
            async.getConnection().dispatch(written);
        } catch (RuntimeException e) {
            answers.clear();
            for (int i = 0; i < commands.size(); i++) {
                answers.add(CompletableFuture.failedFuture(e));
            }
        }
        return answers;
    }
}
