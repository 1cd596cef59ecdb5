package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.US_ASCII;
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
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link History} across nodes: one Redis Stream per room, {@code chat:history:<room key>}, entries {@code t} (epoch
 * milliseconds), {@code x} (the line as members read it) and {@code n} (its characters), within the same bounds as on
 * one node, over every node's writes: {@code chat.history.lines} a room, {@link History#MAX_ROOMS} rooms and
 * {@link History#MAX_CHARS} characters in all. A line is written by the node it was said on, in the relay's own
 * batches ({@link RelayPublisher#keep}: no round trip of its own), by one script ({@link #KEEP}) for the batch's lines,
 * which also keeps the rooms' index by last write ({@link #ROOMS}) and their characters ({@link #CHARS}) and deletes the
 * least recently written rooms' Streams past the bound, atomically, so that two nodes writing at once cannot both
 * count a room in. A join reads the room's last lines with one {@code XREVRANGE} on the {@link RedisLane}: a room whose
 * Stream went shows none. Redis keeps them, so a restarted node, or one that joins later, has them.
 */
final class RedisHistory implements History {

    static final String PREFIX = "chat:history:";
    /** The rooms' Streams by the order of their last write (a sorted set: the lowest score goes first). */
    static final String ROOMS = "chat:history-rooms";
    /** What the rooms hold: a field per Stream, {@code <characters>:<lines>}, and {@code total}, characters over all. */
    static final String CHARS = "chat:history-chars";

    /**
     * Keeps a batch's lines. KEYS[1] {@link #ROOMS}, KEYS[2] {@link #CHARS}, KEYS[3..] each line's Stream (a room may
     * come again); ARGV[1] lines a room keeps, ARGV[2] rooms, ARGV[3] characters in all; then for each line its epoch
     * milliseconds, its text and its characters as Java counts them ({@link String#length()}, as one node does). Per
     * line, as {@code RecentLines} does: the room keeps its last lines (exactly), becomes the most recently written, and
     * while the rooms or the characters are past the bound the least recently written room's Stream is deleted, then,
     * alone, the room's own oldest lines (never its newest). A Stream written before the index existed is counted in
     * when it is next written. The rooms deleted are not KEYS (which of them is known only here): standalone Redis
     * allows that; Redis Cluster would not.
     *
     * <p>Every line is a command on Redis's one thread before its publication (the history holds a line before any node
     * delivers it), so a line costs five calls once its room is full: the room's counts read, its oldest line read (its
     * characters leave the total), the {@code XADD} that trims it exactly, the index's {@code ZADD}, the counts written.
     * The total, the newest score of the index and the rooms' count are read once a batch, the total written once.
     */
    static final RedisScript<String> KEEP = RedisScript.of("""
            local lines, rooms, budget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local function charsOf(fields)
              local n, x = nil, ''
              for i = 1, #fields, 2 do
                if fields[i] == 'n' then n = tonumber(fields[i + 1]) elseif fields[i] == 'x' then x = fields[i + 1] end
              end
              return n or #x
            end
            local function oldest(stream, count)
              local dropped = 0
              for _, entry in ipairs(redis.call('XRANGE', stream, '-', '+', 'COUNT', count)) do
                dropped = dropped + charsOf(entry[2])
              end
              return dropped
            end
            local function countsOf(stream)
              local held, length = string.match(redis.call('HGET', KEYS[2], stream) or '', '^(%d+):(%d+)$')
              return tonumber(held), tonumber(length)
            end
            local total = tonumber(redis.call('HGET', KEYS[2], 'total')) or 0
            local seq = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]) or 0
            local indexed = redis.call('ZCARD', KEYS[1])
            for k = 3, #KEYS do
              local stream, chars = KEYS[k], tonumber(ARGV[3 * k - 3])
              local held, length = countsOf(stream)
              if not held then
                held, length = 0, 0
                for _, entry in ipairs(redis.call('XRANGE', stream, '-', '+')) do
                  held, length = held + charsOf(entry[2]), length + 1
                end
                total = total + held
              end
              if length >= lines then
                local dropped = oldest(stream, length - lines + 1)
                held, total, length = held - dropped, total - dropped, lines - 1
              end
              redis.call('XADD', stream, 'MAXLEN', lines, '*', 't', ARGV[3 * k - 5], 'x', ARGV[3 * k - 4], 'n', chars)
              held, total, length, seq = held + chars, total + chars, length + 1, seq + 1
              indexed = indexed + redis.call('ZADD', KEYS[1], seq, stream)
              while total > budget or indexed > rooms do
                local eldest = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
                if eldest == stream then
                  while total > budget and length > 1 do
                    local dropped = oldest(stream, 1)
                    redis.call('XTRIM', stream, 'MAXLEN', length - 1)
                    held, total, length = held - dropped, total - dropped, length - 1
                  end
                  break
                end
                total = total - (countsOf(eldest) or 0)
                redis.call('DEL', eldest)
                redis.call('HDEL', KEYS[2], eldest)
                indexed = indexed - redis.call('ZREM', KEYS[1], eldest)
              end
              redis.call('HSET', KEYS[2], stream, held .. ':' .. length)
            end
            redis.call('HSET', KEYS[2], 'total', total)
            """, String.class);

    private static final byte[] EVALSHA = "EVALSHA".getBytes(US_ASCII);
    private static final byte[] EVAL = "EVAL".getBytes(US_ASCII);
    private static final byte[] KEEP_SHA = KEEP.getSha1().getBytes(US_ASCII);
    private static final byte[] KEEP_TEXT = KEEP.getScriptAsString().getBytes(UTF_8);
    private static final byte[] ROOMS_KEY = ROOMS.getBytes(UTF_8);
    private static final byte[] CHARS_KEY = CHARS.getBytes(UTF_8);

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

    /** {@link #KEEP}'s ARGV[1..3]: {@code lines} a room, and the rooms and characters of every node's bound. */
    static byte[][] bound(int lines, int rooms, long chars) {
        return new byte[][] {ascii(Math.max(1, lines)), ascii(rooms), ascii(chars)};
    }

    /**
     * {@code lines} as one command of {@link #KEEP} within {@code bound}: {@code EVALSHA}, or {@code EVAL} with the script
     * itself where Redis does not have it ({@code NOSCRIPT}: restarted, or its scripts flushed).
     */
    static byte[][] keepCommand(List<RelayPublisher.Kept> lines, byte[][] bound, boolean byHash) {
        int keys = 2 + lines.size();
        byte[][] command = new byte[3 + keys + bound.length + 3 * lines.size()][];
        int i = 0;
        command[i++] = byHash ? EVALSHA : EVAL;
        command[i++] = byHash ? KEEP_SHA : KEEP_TEXT;
        command[i++] = ascii(keys);
        command[i++] = ROOMS_KEY;
        command[i++] = CHARS_KEY;
        for (RelayPublisher.Kept line : lines) {
            command[i++] = line.stream();
        }
        for (byte[] limit : bound) {
            command[i++] = limit;
        }
        for (RelayPublisher.Kept line : lines) {
            command[i++] = ascii(line.millis());
            command[i++] = line.text().getBytes(UTF_8);
            command[i++] = ascii(line.text().length());
        }
        return command;
    }

    private static byte[] ascii(long number) {
        return Long.toString(number).getBytes(US_ASCII);
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
            Object millis = fields.get("t");
            Object text = fields.get("x");
            if (millis != null && text != null && millis.toString().matches("[0-9]{1,15}")) {
                oldestFirst.add(new Line(Long.parseLong(millis.toString()), text.toString()));
            }
        }
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }
}
