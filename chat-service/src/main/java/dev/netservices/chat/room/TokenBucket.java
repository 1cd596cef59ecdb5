package dev.netservices.chat.room;

/**
 * Flood control for one member, or for the replies to one address that is not a member (see
 * {@link StrangerBudget}): up to {@code burst} datagrams at once, refilled at {@code perSecond}.
 * Time is passed in (nanoseconds on any fixed origin) so that tests need no sleeps.
 */
final class TokenBucket {

    private final double burst;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    TokenBucket(int burst, double perSecond, long nowNanos) {
        this.burst = burst;
        this.perNano = perSecond / 1_000_000_000d;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one. */
    synchronized boolean tryTake(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            lastNanos = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** True when the bucket would be full at {@code nowNanos}: forgetting it then changes nothing. */
    synchronized boolean isFullAt(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        return tokens + elapsed * perNano >= burst;
    }
}
