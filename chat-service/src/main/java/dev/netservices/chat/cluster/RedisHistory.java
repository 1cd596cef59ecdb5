package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Collection;
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
 * {@link History#MAX_CHARS} characters in all. A line is written by the node it was said on, in the relay's own batches
 * ({@link RelayPublisher#keep}: no round trip of its own), as four plain commands ({@link #keepCommands}) pipelined
 * before the batch's PUBLISH; their answers tell the node when the bound needs its script ({@link #SETTLE}), which trims
 * and deletes atomically, so that two nodes settling at once cannot both count a room in. A join reads the room's last
 * lines with one {@code XREVRANGE} on the {@link RedisLane}: a room whose Stream went shows none. Redis keeps them, so a
 * restarted node, or one that joins later, has them.
 *
 * <p>Why not one script a line, as this was first written: a script costs Redis about 25 us of its one thread a call
 * (the exact trim and the counts read back inside it), on every line's path before its publication, and the pinned
 * cluster bench lost a sixth of its rate at one line in flight; the four commands cost about 2 us. The price is a room
 * holding up to twice its lines between two trims (a join still replays exactly its last lines), and the rooms' order
 * taken from the writing nodes' clocks.
 */
final class RedisHistory implements History {

    static final String PREFIX = "chat:history:";
    /**
     * The rooms' Streams by their last write, a sorted set scored with the writing node's wall clock in microseconds
     * (strictly increasing on each node): the lowest score goes first.
     */
    static final String ROOMS = "chat:history-rooms";
    /**
     * The history's counts, a hash: {@code total}, the characters of every line Redis holds over all rooms, exact; and
     * per Stream the lines written into it since its last trim (what asks for the next one).
     */
    static final String COUNTS = "chat:history-counts";
    static final String TOTAL = "total";

    /**
     * Brings Redis back within the bound. KEYS[1] {@link #ROOMS}, KEYS[2] {@link #COUNTS}, KEYS[3..] the Streams whose
     * writes asked for it; ARGV[1] lines a room keeps, ARGV[2] rooms, ARGV[3] characters in all. A Stream at twice its
     * lines or more goes back to exactly its last lines; then, while the rooms or the characters are past the bound, the
     * least recently written room's Stream is deleted, and, alone, the room's own oldest lines (never its newest), as
     * {@code RecentLines} does on one node. What leaves is read first, so the total stays exact whatever other nodes
     * write meanwhile (a line's total is counted before its XADD: a Stream deleted in between loses none of its
     * characters twice). The rooms deleted are not KEYS (which of them is known only here): standalone Redis allows
     * that; Redis Cluster would not.
     */
    static final RedisScript<String> SETTLE = RedisScript.of("""
            local lines, rooms, budget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local function charsOf(fields)
              local n, x = nil, ''
              for i = 1, #fields, 2 do
                if fields[i] == 'n' then n = tonumber(fields[i + 1]) elseif fields[i] == 'x' then x = fields[i + 1] end
              end
              return n or #x
            end
            local function drop(stream, count)
              local entries = redis.call('XRANGE', stream, '-', '+', 'COUNT', count + 1)
              local dropped = 0
              for i = 1, math.min(count, #entries) do
                dropped = dropped + charsOf(entries[i][2])
              end
              if #entries > count then
                redis.call('XTRIM', stream, 'MINID', entries[count + 1][1])
              else
                redis.call('DEL', stream)
              end
              return dropped
            end
            local total = tonumber(redis.call('HGET', KEYS[2], 'total')) or 0
            for k = 3, #KEYS do
              local length = redis.call('XLEN', KEYS[k])
              if length >= 2 * lines then
                total, length = total - drop(KEYS[k], length - lines), lines
              end
              redis.call('HSET', KEYS[2], KEYS[k], length)
            end
            local indexed = redis.call('ZCARD', KEYS[1])
            while total > budget or indexed > rooms do
              local eldest = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
              if indexed == 1 then
                local length = redis.call('XLEN', eldest)
                while total > budget and length > 1 do
                  total, length = total - drop(eldest, 1), length - 1
                end
                redis.call('HSET', KEYS[2], eldest, length)
                break
              end
              for _, entry in ipairs(redis.call('XRANGE', eldest, '-', '+')) do
                total = total - charsOf(entry[2])
              end
              redis.call('DEL', eldest)
              redis.call('HDEL', KEYS[2], eldest)
              redis.call('ZREM', KEYS[1], eldest)
              indexed = indexed - 1
            end
            redis.call('HSET', KEYS[2], 'total', total)
            """, String.class);

    /** How many commands {@link #keepCommands} writes a line, and where its answers are among them. */
    static final int COMMANDS_A_LINE = 4;
    static final int TOTAL_ANSWER = 0;
    static final int LINES_ANSWER = 2;
    static final int ROOM_ANSWER = 3;

    private static final byte[] HINCRBY = "HINCRBY".getBytes(US_ASCII);
    private static final byte[] XADD = "XADD".getBytes(US_ASCII);
    private static final byte[] ZADD = "ZADD".getBytes(US_ASCII);
    private static final byte[] NEW_ID = "*".getBytes(US_ASCII);
    private static final byte[] ONE = "1".getBytes(US_ASCII);
    private static final byte[][] FIELDS = {"t".getBytes(US_ASCII), "x".getBytes(US_ASCII), "n".getBytes(US_ASCII)};
    private static final byte[] EVALSHA = "EVALSHA".getBytes(US_ASCII);
    private static final byte[] EVAL = "EVAL".getBytes(US_ASCII);
    private static final byte[] SETTLE_SHA = SETTLE.getSha1().getBytes(US_ASCII);
    private static final byte[] SETTLE_TEXT = SETTLE.getScriptAsString().getBytes(UTF_8);
    private static final byte[] ROOMS_KEY = ROOMS.getBytes(UTF_8);
    private static final byte[] COUNTS_KEY = COUNTS.getBytes(UTF_8);
    private static final byte[] TOTAL_FIELD = TOTAL.getBytes(UTF_8);

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

    /** {@link #SETTLE}'s ARGV[1..3]: {@code lines} a room, and the rooms and characters of every node's bound. */
    static byte[][] bound(int lines, int rooms, long chars) {
        return new byte[][] {ascii(Math.max(1, lines)), ascii(rooms), ascii(chars)};
    }

    /**
     * One line's commands, {@link #COMMANDS_A_LINE} of them, into {@code commands}: its characters added to the total
     * (the answer: the total), the line added to its Stream, the Stream's count of lines (the answer: lines since its
     * last trim), the room made the most recently written at {@code micros} (the answer: 1 when it was not indexed).
     */
    static void keepCommands(RelayPublisher.Kept line, long micros, List<byte[][]> commands) {
        byte[] chars = ascii(line.text().length());
        commands.add(new byte[][] {HINCRBY, COUNTS_KEY, TOTAL_FIELD, chars});
        commands.add(new byte[][] {XADD, line.stream(), NEW_ID, FIELDS[0], ascii(line.millis()), FIELDS[1],
                line.text().getBytes(UTF_8), FIELDS[2], chars});
        commands.add(new byte[][] {HINCRBY, COUNTS_KEY, line.stream(), ONE});
        commands.add(new byte[][] {ZADD, ROOMS_KEY, ascii(micros), line.stream()});
    }

    /** Whether a line's answers ({@link #keepCommands}) ask for {@link #SETTLE} within {@code bound}. */
    static boolean pastTheBound(long total, long lines, long newRoom, int linesBound, long charsBound) {
        return total > charsBound || lines >= 2L * Math.max(1, linesBound) || newRoom == 1;
    }

    /**
     * {@link #SETTLE} for {@code streams} within {@code bound}: {@code EVALSHA}, or {@code EVAL} with the script itself
     * where Redis does not have it ({@code NOSCRIPT}: restarted, or its scripts flushed).
     */
    static byte[][] settleCommand(Collection<byte[]> streams, byte[][] bound, boolean byHash) {
        int keys = 2 + streams.size();
        byte[][] command = new byte[3 + keys + bound.length][];
        int i = 0;
        command[i++] = byHash ? EVALSHA : EVAL;
        command[i++] = byHash ? SETTLE_SHA : SETTLE_TEXT;
        command[i++] = ascii(keys);
        command[i++] = ROOMS_KEY;
        command[i++] = COUNTS_KEY;
        for (byte[] stream : streams) {
            command[i++] = stream;
        }
        for (byte[] limit : bound) {
            command[i++] = limit;
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
