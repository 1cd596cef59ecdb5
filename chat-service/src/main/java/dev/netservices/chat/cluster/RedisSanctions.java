package dev.netservices.chat.cluster;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.netservices.chat.room.SanctionBook;
import dev.netservices.chat.room.Sanctions;
import dev.netservices.common.time.ServiceClock;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Bans and mutes across nodes: kept in one Redis hash, {@code chat:sanctions} (field {@code KIND target}, value
 * {@code until TAB by TAB shown TAB reason}), so that they hold on every node and survive a restart; each node answers
 * the room from its own in-memory copy ({@link SanctionBook}), so that a line never waits for Redis. The copy is
 * reread when a node changes them (it tells the others with a {@code SANCTIONS} relay message), at every heartbeat
 * ({@link NodeWatch}), and at start. An ended one is deleted from Redis by the first reread that finds it ended. The
 * addresses a mute holds on are fields of their own ({@code MUTE_ADDRESS ip nameKey}, the same value as the mute's).
 */
final class RedisSanctions implements Sanctions {

    static final String KEY = "chat:sanctions";

    private final StringRedisTemplate redis;
    private final RelayPublisher relay;
    private final RedisLane lane;
    private final ServiceClock clock;
    private final SanctionBook book;

    RedisSanctions(StringRedisTemplate redis, RelayPublisher relay, RedisLane lane, ServiceClock clock) {
        this.redis = redis;
        this.relay = relay;
        this.lane = lane;
        this.clock = clock;
        this.book = new SanctionBook(clock);
    }

    @Override
    public Sanction banned(String nameKey, InetAddress address) {
        return book.banned(nameKey, address);
    }

    @Override
    public Sanction muted(String nameKey, InetAddress address) {
        return book.muted(nameKey, address);
    }

    /**
     * Held on this node at once; written to Redis on the lane (a receive thread never waits for Redis), then the other
     * nodes are told. Redis away: it holds here until the next reread from Redis, and is written again the next time
     * the muted name joins, is renamed to or speaks.
     */
    @Override
    public void cover(Sanction mute, InetAddress address) {
        Sanction onAddress = book.coverNew(mute, address);
        if (onAddress == null) {
            return;
        }
        lane.ask("sanction", () -> {
            redis.opsForHash().put(KEY, field(onAddress.kind(), onAddress.target()), value(onAddress));
            book.put(onAddress); // again: a reread from Redis that came before this write had dropped it
            return true;
        }, false).thenAccept(written -> {
            if (written) {
                relay.publish(RelayMessage.Kind.SANCTIONS, RelayMessage.SANCTIONS_CHANGED);
            }
        });
    }

    /** Written to Redis first (on the admin's thread): a sanction Redis did not take is not set anywhere. */
    @Override
    public void put(Sanction sanction) {
        if (!lane.now("sanction", () -> {
            redis.opsForHash().put(KEY, field(sanction.kind(), sanction.target()), value(sanction));
            return true;
        }, false)) {
            throw new IllegalStateException("Redis cannot be reached: the ban or mute was not set");
        }
        book.put(sanction);
        relay.publish(RelayMessage.Kind.SANCTIONS, RelayMessage.SANCTIONS_CHANGED);
    }

    /** A mute is lifted with the addresses it holds on (as Redis has them, whichever node added them). */
    @Override
    public boolean remove(Kind kind, String target) {
        Long removed = lane.now("sanction", () -> {
            List<Object> fields = new ArrayList<>(List.of(field(kind, target)));
            if (kind == Kind.MUTE) {
                // HGETALL rather than HKEYS: the nodes' ACL user has it already (docker-compose.yml).
                for (Object field : redis.opsForHash().entries(KEY).keySet()) {
                    if (field.toString().startsWith(Kind.MUTE_ADDRESS + " ") && field.toString().endsWith(" " + target)) {
                        fields.add(field);
                    }
                }
            }
            Long deleted = redis.opsForHash().delete(KEY, fields.get(0));
            if (fields.size() > 1) {
                redis.opsForHash().delete(KEY, fields.subList(1, fields.size()).toArray());
            }
            return deleted;
        }, null);
        if (removed == null) {
            throw new IllegalStateException("Redis cannot be reached: the ban or mute was not lifted");
        }
        boolean wasInForce = book.remove(kind, target);
        relay.publish(RelayMessage.Kind.SANCTIONS, RelayMessage.SANCTIONS_CHANGED);
        return removed > 0 && wasInForce;
    }

    @Override
    public List<Sanction> list(Collection<Kind> kinds) {
        reload();
        return book.list(kinds);
    }

    /** Rereads every sanction from Redis into this node's copy (on a thread that may wait: never Redis's I/O thread). */
    void reload() {
        Map<Object, Object> all = lane.now("sanction", () -> redis.opsForHash().entries(KEY), null);
        if (all == null) {
            return; // Redis away: the copy stands until it is back
        }
        long now = clock.currentTimeMillis();
        List<Sanction> current = new ArrayList<>();
        List<Object> ended = new ArrayList<>();
        all.forEach((field, value) -> {
            Sanction sanction = parse(field.toString(), value.toString());
            if (sanction == null || sanction.untilMillis() <= now) {
                ended.add(field);
            } else {
                current.add(sanction);
            }
        });
        // An address whose mute is gone (lifted on one node as another added the address) is deleted with the ended.
        Set<String> muted = current.stream().filter(sanction -> sanction.kind() == Kind.MUTE).map(Sanction::target)
                .collect(Collectors.toSet());
        current.removeIf(sanction -> {
            boolean orphan = sanction.kind() == Kind.MUTE_ADDRESS && !muted.contains(sanction.mutedName());
            if (orphan) {
                ended.add(field(sanction.kind(), sanction.target()));
            }
            return orphan;
        });
        book.replaceAll(current);
        if (!ended.isEmpty()) {
            lane.now("sanction", () -> redis.opsForHash().delete(KEY, ended.toArray()), 0L);
        }
    }

    /** {@code until TAB by TAB shown TAB reason}. */
    private static String value(Sanction sanction) {
        return String.join("\t", Long.toString(sanction.untilMillis()), clean(sanction.by()), clean(sanction.shown()),
                clean(sanction.reason()));
    }

    private static String field(Kind kind, String target) {
        return kind + " " + target;
    }

    /** Tabs would break the value's fields; a reason is one line already (checked by the admin API). */
    private static String clean(String text) {
        return text == null ? "" : text.replace('\t', ' ');
    }

    private static Sanction parse(String field, String value) {
        int space = field.indexOf(' ');
        String[] parts = value.split("\t", 4);
        if (space < 0 || parts.length != 4 || !parts[0].matches("[0-9]{1,15}")) {
            return null;
        }
        Kind kind;
        try {
            kind = Kind.valueOf(field.substring(0, space));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String target = field.substring(space + 1);
        if (kind == Kind.MUTE_ADDRESS && target.indexOf(' ') < 1) {
            return null;
        }
        return new Sanction(kind, target, parts[2], parts[3], Long.parseLong(parts[0]), parts[1]);
    }
}
