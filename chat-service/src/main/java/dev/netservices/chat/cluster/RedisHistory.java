package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.netservices.chat.room.History;
import dev.netservices.chat.room.RoomName;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@link History} across nodes: one capped Redis Stream per room, {@code chat:history:<room key>}, entries
 * {@code t} (epoch milliseconds) and {@code x} (the line as members read it), trimmed to about
 * {@code chat.history.lines} ({@code XADD MAXLEN ~}). A line is written by the node it was said on, in the relay's
 * own batches ({@link RelayPublisher#keep}: no round trip of its own); a join reads the room's last lines with one
 * {@code XREVRANGE} on the {@link RedisLane}. Redis keeps them, so a restarted node, or one that joins later, has them.
 */
final class RedisHistory implements History {

    static final String PREFIX = "chat:history:";

    private final StringRedisTemplate redis;
    private final RelayPublisher relay;
    private final RedisLane lane;
    private final int lines;

    RedisHistory(StringRedisTemplate redis, RelayPublisher relay, RedisLane lane, int lines) {
        this.redis = redis;
        this.relay = relay;
        this.lane = lane;
        this.lines = lines;
    }

    static String streamOf(RoomName room) {
        return PREFIX + room.key();
    }

    @Override
    public void keep(RoomName room, long millis, String text) {
        relay.keep(streamOf(room), millis, text);
    }

    @Override
    public CompletableFuture<List<Line>> last(RoomName room) {
        String stream = streamOf(room);
        return lane.ask("history", () -> read(stream), List.of());
    }

    private List<Line> read(String stream) {
        List<MapRecord<String, Object, Object>> newestFirst = redis.opsForStream()
                .reverseRange(stream, Range.unbounded(), Limit.limit().count(lines));
        List<Line> oldestFirst = new ArrayList<>();
        if (newestFirst == null) {
            return oldestFirst;
        }
        for (MapRecord<String, Object, Object> entry : newestFirst) {
            Map<Object, Object> fields = entry.getValue();
            Object millis = fields.get(new String(RelayPublisher.MILLIS, UTF_8));
            Object text = fields.get(new String(RelayPublisher.TEXT, UTF_8));
            if (millis != null && text != null && millis.toString().matches("[0-9]{1,15}")) {
                oldestFirst.add(new Line(Long.parseLong(millis.toString()), text.toString()));
            }
        }
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }
}
