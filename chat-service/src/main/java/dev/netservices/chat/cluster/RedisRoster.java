package dev.netservices.chat.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.room.Member;
import dev.netservices.chat.room.OtherNodes;
import dev.netservices.chat.room.MemberView;
import dev.netservices.common.net.RemoteAddress;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The room's roster across nodes, kept in Redis: who holds which name, on which node. It is what this node's
 * {@code Membership} sees of the other nodes ({@link OtherNodes}), not a room: it decides nothing about lines and
 * sends none (those go down the datagram flow, and to the other nodes through {@link RelayOut}).
 *
 * <p>Shared state is one hash, {@code chat:members}: a field per name (in its compared form, see
 * {@code MemberName.key}) whose value says which node holds it, the name as typed, the member's address and when it
 * joined. A claim is one Lua script, so two nodes can never both admit a name, and the room's size is checked in the
 * same step. A Redis that cannot be reached makes a claim {@code UNAVAILABLE}, counted, never thrown into the room's
 * rules. Removing a member held elsewhere is a request relayed to its node ({@link RelayPublisher}).
 */
public final class RedisRoster implements OtherNodes {

    static final String MEMBERS = "chat:members";
    private static final Logger log = LoggerFactory.getLogger(RedisRoster.class);

    /** KEYS[1] the hash; ARGV: the key, the holder value, the room's size limit, the key given up (rename) or "". */
    private static final RedisScript<String> CLAIM = RedisScript.of("""
            local holder = redis.call('HGET', KEYS[1], ARGV[1])
            if holder and holder ~= ARGV[2] and ARGV[4] ~= ARGV[1] then return 'TAKEN' end
            if ARGV[4] == '' and not holder and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return 'FULL' end
            if ARGV[4] ~= '' and ARGV[4] ~= ARGV[1] then redis.call('HDEL', KEYS[1], ARGV[4]) end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 'CLAIMED'
            """, String.class);

    /** Deletes a field only while it still holds the given value: a name is freed only by its holder's release. */
    static final RedisScript<Long> RELEASE = RedisScript.of("""
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final RelayPublisher relay;
    private final String node;
    private final ClusterListener listener;

    RedisRoster(StringRedisTemplate redis, RelayPublisher relay, String node, ClusterListener listener) {
        this.redis = redis;
        this.relay = relay;
        this.node = node;
        this.listener = listener;
    }

    @Override
    public Claim claim(Member member, Member renamedFrom, int maxMembers) {
        try {
            String outcome = redis.execute(CLAIM, List.of(MEMBERS), member.key(), holderValue(member),
                    Integer.toString(maxMembers), renamedFrom == null ? "" : renamedFrom.key());
            return Claim.valueOf(outcome);
        } catch (RuntimeException e) {
            listener.redisFailed("claim");
            log.debug("name claim failed: {}", e.toString());
            return Claim.UNAVAILABLE;
        }
    }

    @Override
    public void release(Member member) {
        release(member.key(), holderValue(member));
    }

    boolean release(String key, String value) {
        try {
            return Long.valueOf(1).equals(redis.execute(RELEASE, List.of(MEMBERS), key, value));
        } catch (RuntimeException e) {
            listener.redisFailed("release");
            return false;
        }
    }

    /** Re-claims a member's name after Redis lost it (restarted empty, or this node was taken for dead); false when another holds it. */
    boolean reRegister(Member member) {
        try {
            String value = holderValue(member);
            return Boolean.TRUE.equals(redis.opsForHash().putIfAbsent(MEMBERS, member.key(), value))
                    || value.equals(redis.opsForHash().get(MEMBERS, member.key()));
        } catch (RuntimeException e) {
            listener.redisFailed("register");
            return false;
        }
    }

    @Override
    public List<MemberView> members() {
        List<MemberView> views = new ArrayList<>();
        for (Holder holder : holders()) {
            if (!holder.node().equals(node)) {
                views.add(new MemberView(holder.name(), holder.address(), holder.node(), holder.joinedAt(), null));
            }
        }
        return views;
    }

    @Override
    public boolean remove(String name) {
        try {
            Object value = redis.opsForHash().get(MEMBERS, memberKey(name));
            if (value == null) {
                return false;
            }
            Holder holder = Holder.parse(memberKey(name), value.toString());
            if (holder.node().equals(node)) {
                return false;
            }
            relay.publish(RelayMessage.Kind.REMOVE, holder.name());
            return true;
        } catch (RuntimeException e) {
            listener.redisFailed("remove");
            return false;
        }
    }

    @Override
    public String nodeName() {
        return node;
    }

    /** Every name in the room with its holder; empty when Redis cannot be reached. */
    List<Holder> holders() {
        try {
            List<Holder> holders = new ArrayList<>();
            for (Map.Entry<Object, Object> entry : redis.opsForHash().entries(MEMBERS).entrySet()) {
                holders.add(Holder.parse(entry.getKey().toString(), entry.getValue().toString()));
            }
            holders.sort((a, b) -> a.joinedAt().compareTo(b.joinedAt()));
            return holders;
        } catch (RuntimeException e) {
            listener.redisFailed("list");
            return List.of();
        }
    }

    /** Members in the room on all nodes; -1 while Redis cannot be reached. */
    public int sizeOrMinusOne() {
        try {
            Long size = redis.opsForHash().size(MEMBERS);
            return size == null ? -1 : size.intValue();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private String holderValue(Member member) {
        return String.join("\t", node, member.name(), RemoteAddress.hostAndPort(member.address()),
                Long.toString(member.joinedAt().toEpochMilli()));
    }

    /** The key a name is held under: the same comparison form the room uses. */
    private static String memberKey(String name) {
        return Member.keyOf(name);
    }

    /** One field of the members hash, read back. */
    record Holder(String key, String value, String node, String name, String address, Instant joinedAt) {

        static Holder parse(String key, String value) {
            String[] fields = value.split("\t", 4);
            Instant joined = fields.length == 4 ? Instant.ofEpochMilli(Long.parseLong(fields[3])) : Instant.EPOCH;
            return new Holder(key, value, fields[0], fields.length > 1 ? fields[1] : key, fields.length > 2 ? fields[2] : "-", joined);
        }
    }
}
