package dev.netservices.common.budget;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.netservices.common.time.ServiceClock;

/**
 * The one per-address budget of the platform: a {@link TokenBucket} per key (a client address, or an account
 * name), for every "so many tries, then wait" rule: replies to chat strangers, wrong admin credentials, failed
 * file logins. Its settings follow one pattern in every service: {@code ...-burst} (tries at once),
 * {@code ...-refill} (the time to earn one try back) and {@code ...-addresses} (keys remembered at once).
 *
 * <p>A try is taken <em>before</em> the work it pays for (checking a password costs a bcrypt hash) and given
 * back with {@link #refund} when it should not count: so many tries sent at once are all counted, none slips
 * past a check that has not yet recorded the ones before it.
 *
 * <p>Memory is bounded: at most {@code maxKeys} buckets are kept, in least-recently-used order. The least
 * recently used one is forgotten once it has refilled (a fresh bucket would be the same). When it has not and
 * the table is full, a new key is refused: so a sender forging many addresses cannot reset its own budget by
 * making the table forget it; keys as a whole get at most about {@code maxKeys * burst} tries per refill.
 *
 * @param <K> what a budget is kept for: an {@code InetAddress}, an address string, an account name
 */
public final class AddressBudget<K> {

    private final int burst;
    private final long refillNanos;
    private final int maxKeys;
    private final ServiceClock clock;
    /** Access order: the eldest entry is the key heard from least recently. Guarded by itself. */
    private final LinkedHashMap<K, TokenBucket> buckets = new LinkedHashMap<>(64, 0.75f, true);

    public AddressBudget(int burst, Duration refill, int maxKeys, ServiceClock clock) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("a budget must remember at least one key");
        }
        this.burst = burst;
        this.refillNanos = refill.toNanos();
        this.maxKeys = maxKeys;
        this.clock = clock;
        new TokenBucket(burst, refillNanos, 0); // fails now, not at the first try, on a bad burst or refill
    }

    /** Takes one try from {@code key}'s budget; false when it has none left (or the table is full of unrefilled keys). */
    public boolean tryTake(K key) {
        long now = clock.nanoTime();
        TokenBucket bucket;
        synchronized (buckets) {
            bucket = buckets.get(key);
            if (bucket == null) {
                if (buckets.size() >= maxKeys && !forgetEldestIfRefilled(now)) {
                    return false;
                }
                bucket = new TokenBucket(burst, refillNanos, now);
                buckets.put(key, bucket);
            }
        }
        return bucket.tryTake(now);
    }

    /** Gives back a try taken by {@link #tryTake} that should not count. */
    public void refund(K key) {
        TokenBucket bucket;
        synchronized (buckets) {
            bucket = buckets.get(key);
        }
        if (bucket != null) {
            bucket.refund(clock.nanoTime());
        }
    }

    /** Zero when {@code key} may try now, else how long it must wait for its next try. */
    public Duration waitBefore(K key) {
        TokenBucket bucket;
        synchronized (buckets) {
            bucket = buckets.get(key);
        }
        return bucket == null ? Duration.ZERO : Duration.ofNanos(bucket.nanosUntilToken(clock.nanoTime()));
    }

    /** Keys tracked now. */
    public int tracked() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    private boolean forgetEldestIfRefilled(long nowNanos) {
        Iterator<Map.Entry<K, TokenBucket>> eldest = buckets.entrySet().iterator();
        if (eldest.hasNext() && eldest.next().getValue().isFullAt(nowNanos)) {
            eldest.remove();
            return true;
        }
        return false;
    }
}
