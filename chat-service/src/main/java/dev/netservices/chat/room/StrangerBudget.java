package dev.netservices.chat.room;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many replies addresses that are not members may still get: a {@link TokenBucket} per source IP address.
 *
 * <p>Why: over UDP the source address can be forged, so every reply to a stranger may land on a victim who
 * never asked. Without a bound a small datagram from anyone would buy a longer one sent anywhere. Members are
 * not counted here (they have their own bucket, keyed by IP and port); a stranger's join takes one token, so a
 * client that joins once, or retries a lost {@code OK} a few times, never notices.
 *
 * <p>Memory is bounded: at most {@code maxAddresses} buckets are kept, in least-recently-used order. The least
 * recently used one is forgotten once it has refilled (a fresh bucket would be the same); when it has not and
 * the table is full, the new address gets no reply at all. So a sender forging many addresses cannot reset its
 * budget by making the table forget it: strangers as a whole get at most about {@code maxAddresses * burst}
 * replies per refill time.
 */
final class StrangerBudget {

    private final int burst;
    private final double perSecond;
    private final int maxAddresses;
    /** Access order: the eldest entry is the address heard from least recently. Guarded by itself. */
    private final LinkedHashMap<InetAddress, TokenBucket> buckets = new LinkedHashMap<>(64, 0.75f, true);

    StrangerBudget(int burst, double perSecond, int maxAddresses) {
        this.burst = burst;
        this.perSecond = perSecond;
        this.maxAddresses = maxAddresses;
    }

    /** Takes one reply from {@code address}'s budget; false when it has none left (the datagram goes unanswered). */
    boolean tryTake(InetAddress address, long nowNanos) {
        TokenBucket bucket;
        synchronized (buckets) {
            bucket = buckets.get(address);
            if (bucket == null) {
                if (buckets.size() >= maxAddresses && !forgetEldestIfRefilled(nowNanos)) {
                    return false;
                }
                bucket = new TokenBucket(burst, perSecond, nowNanos);
                buckets.put(address, bucket);
            }
        }
        return bucket.tryTake(nowNanos);
    }

    /** Addresses tracked now. */
    int tracked() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    private boolean forgetEldestIfRefilled(long nowNanos) {
        Iterator<Map.Entry<InetAddress, TokenBucket>> eldest = buckets.entrySet().iterator();
        if (eldest.hasNext() && eldest.next().getValue().isFullAt(nowNanos)) {
            eldest.remove();
            return true;
        }
        return false;
    }
}
