package dev.netservices.chat.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.netservices.chat.room.Member;
import dev.netservices.chat.room.OtherNodes;
import dev.netservices.chat.room.MemberView;
import dev.netservices.chat.room.RoomName;
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
 *
 * <p>What the room asks from a receive thread (claims, releases, the member list) is asked on the {@link RedisLane}
 * and answered as a future; what the node watch and the admin ask is asked on their own threads. Either way, while
 * Redis is known to be away ({@link RedisReach}) the answer comes at once without asking.
 */
public final class RedisRoster implements OtherNodes {

    static final String MEMBERS = "chat:members";
    /** By a member's key, the room it is in, as typed; no field: the lobby. Kept beside the holder value, which must not change. */
    static final String ROOMS = "chat:member-rooms";

    /**
     * KEYS[1] the members hash, KEYS[2] the rooms hash; ARGV: the key, the holder value, the room's size limit, the key
     * given up (rename) or "". A join starts in the lobby (no room field, whatever a former holder of the name left);
     * a rename keeps the member's room under the new key.
     */
    private static final RedisScript<String> CLAIM = RedisScript.of("""
            local holder = redis.call('HGET', KEYS[1], ARGV[1])
            if holder and holder ~= ARGV[2] and ARGV[4] ~= ARGV[1] then return 'TAKEN' end
            if ARGV[4] == '' and not holder and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return 'FULL' end
            if ARGV[4] == '' then
              redis.call('HDEL', KEYS[2], ARGV[1])
            elseif ARGV[4] ~= ARGV[1] then
              redis.call('HDEL', KEYS[1], ARGV[4])
              local room = redis.call('HGET', KEYS[2], ARGV[4])
              redis.call('HDEL', KEYS[2], ARGV[4])
              if room then redis.call('HSET', KEYS[2], ARGV[1], room) else redis.call('HDEL', KEYS[2], ARGV[1]) end
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 'CLAIMED'
            """, String.class);

    /**
     * Deletes a field only while it still holds the given value: a name is freed only by its holder's release; its
     * room goes with it. KEYS[1] the members hash, KEYS[2] the rooms hash.
     */
    static final RedisScript<Long> RELEASE = RedisScript.of("""
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
              redis.call('HDEL', KEYS[2], ARGV[1])
              return redis.call('HDEL', KEYS[1], ARGV[1])
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final RelayPublisher relay;
    private final RedisLane lane;
    private final String node;

    RedisRoster(StringRedisTemplate redis, RelayPublisher relay, RedisLane lane, String node) {
        this.redis = redis;
        this.relay = relay;
        this.lane = lane;
        this.node = node;
    }

    @Override
    public CompletableFuture<Claim> claim(Member member, Member renamedFrom, int maxMembers) {
        String value = holderValue(member);
        String givenUp = renamedFrom == null ? "" : renamedFrom.key();
        return lane.ask("claim", () -> Claim.valueOf(redis.execute(CLAIM, List.of(MEMBERS, ROOMS), member.key(), value,
                Integer.toString(maxMembers), givenUp)), Claim.UNAVAILABLE);
    }

    @Override
    public CompletableFuture<Boolean> release(Member member) {
        String key = member.key();
        String value = holderValue(member);
        return lane.ask("release", () -> releaseNow(key, value), false);
    }

    /** Frees {@code key} if it still holds {@code value}, on the caller's thread (the node watch's). */
    boolean release(String key, String value) {
        return lane.now("release", () -> releaseNow(key, value), false);
    }

    private boolean releaseNow(String key, String value) {
        return Long.valueOf(1).equals(redis.execute(RELEASE, List.of(MEMBERS, ROOMS), key, value));
    }

    /** Re-claims a member's name after Redis lost it (restarted empty, or this node was taken for dead); false when another holds it. */
    boolean reRegister(Member member) {
        String value = holderValue(member);
        return lane.now("register", () -> Boolean.TRUE.equals(redis.opsForHash().putIfAbsent(MEMBERS, member.key(), value))
                || value.equals(redis.opsForHash().get(MEMBERS, member.key())), false);
    }

    /** Asked on the lane, in order after the member's claim: the lobby is no field at all. */
    @Override
    public void entered(Member member) {
        String key = member.key();
        String room = member.room().shown();
        boolean lobby = member.room().isLobby();
        lane.ask("room", () -> lobby ? redis.opsForHash().delete(ROOMS, key) : redisPut(key, room), 0L);
    }

    private long redisPut(String key, String room) {
        redis.opsForHash().put(ROOMS, key, room);
        return 1L;
    }

    @Override
    public CompletableFuture<Boolean> holds(String name) {
        String key = memberKey(name);
        return lane.ask("find", () -> {
            Object value = redis.opsForHash().get(MEMBERS, key);
            return value != null && !Holder.parse(key, value.toString(), null).node().equals(node);
        }, false);
    }

    @Override
    public CompletableFuture<List<MemberView>> members() {
        return lane.ask("list", () -> elsewhere(readHolders()), List.of());
    }

    private List<MemberView> elsewhere(List<Holder> holders) {
        List<MemberView> views = new ArrayList<>();
        for (Holder holder : holders) {
            if (!holder.node().equals(node)) {
                views.add(new MemberView(holder.name(), holder.address(), holder.node(), holder.room(), holder.joinedAt(), null));
            }
        }
        return views;
    }

    /** Asked by the admin, on its request's thread. */
    @Override
    public boolean remove(String name, String reason) {
        Object value = lane.now("remove", () -> redis.opsForHash().get(MEMBERS, memberKey(name)), null);
        if (value == null) {
            return false;
        }
        Holder holder = Holder.parse(memberKey(name), value.toString(), null);
        if (holder.node().equals(node)) {
            return false;
        }
        relay.publish(RelayMessage.Kind.REMOVE, reason == null || reason.isBlank() ? holder.name()
                : holder.name() + RelayMessage.SEPARATOR + reason);
        return true;
    }

    @Override
    public String nodeName() {
        return node;
    }

    /** Every name in the room with its holder, on the caller's thread (the node watch's); empty when Redis cannot be reached. */
    List<Holder> holders() {
        return lane.now("list", this::readHolders, List.of());
    }

    private List<Holder> readHolders() {
        List<Holder> holders = new ArrayList<>();
        Map<Object, Object> rooms = redis.opsForHash().entries(ROOMS);
        for (Map.Entry<Object, Object> entry : redis.opsForHash().entries(MEMBERS).entrySet()) {
            Object room = rooms.get(entry.getKey());
            holders.add(Holder.parse(entry.getKey().toString(), entry.getValue().toString(), room == null ? null : room.toString()));
        }
        holders.sort((a, b) -> a.joinedAt().compareTo(b.joinedAt()));
        return holders;
    }

    /** Members in the room on all nodes; -1 while Redis cannot be reached (at once while it is known to be away). */
    public int sizeOrMinusOne() {
        Long size = lane.now("size", () -> redis.opsForHash().size(MEMBERS), null);
        return size == null ? -1 : size.intValue();
    }

    /** What this node writes for {@code member} in the members hash: a name it holds is found by it. */
    String holderValue(Member member) {
        return String.join("\t", node, member.name(), RemoteAddress.hostAndPort(member.address()),
                Long.toString(member.joinedAt().toEpochMilli()));
    }

    /** The key a name is held under: the same comparison form the room uses. */
    private static String memberKey(String name) {
        return Member.keyOf(name);
    }

    /** One field of the members hash, read back, with the member's room (the lobby when the rooms hash has none). */
    record Holder(String key, String value, String node, String name, String address, Instant joinedAt, String room) {

        static Holder parse(String key, String value, String room) {
            String[] fields = value.split("\t", 4);
            Instant joined = fields.length == 4 ? Instant.ofEpochMilli(Long.parseLong(fields[3])) : Instant.EPOCH;
            return new Holder(key, value, fields[0], fields.length > 1 ? fields[1] : key, fields.length > 2 ? fields[2] : "-", joined,
                    room == null || RoomName.problem(room) ? RoomName.LOBBY.shown() : room);
        }

        RoomName roomName() {
            return RoomName.of(room).orElse(RoomName.LOBBY);
        }
    }
}
