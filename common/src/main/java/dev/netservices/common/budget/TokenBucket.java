package dev.netservices.common.budget;

/**
 * Up to {@code burst} tries at once, one more earned back every {@code refillNanos}. Time is passed in
 * (monotonic nanoseconds on any fixed origin, from the service clock) so that tests move it by hand.
 */
public final class TokenBucket {

    private final double burst;
    private final double refillNanos;
    private double tokens;
    private long lastNanos;

    public TokenBucket(int burst, long refillNanos, long nowNanos) {
        if (burst < 1 || refillNanos < 1) {
            throw new IllegalArgumentException("a bucket needs a burst and a refill time of at least 1");
        }
        this.burst = burst;
        this.refillNanos = refillNanos;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Gives back a token taken by {@link #tryTake} for a try that turned out not to count (a login that succeeded). */
    public synchronized void refund(long nowNanos) {
        refill(nowNanos);
        tokens = Math.min(burst, tokens + 1);
    }

    /** Zero when a token is there now, else how long until one is. */
    public synchronized long nanosUntilToken(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * refillNanos);
    }

    /** True when the bucket would be full at {@code nowNanos}: forgetting it then changes nothing. */
    public synchronized boolean isFullAt(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        return tokens + elapsed / refillNanos >= burst;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / refillNanos);
            lastNanos = nowNanos;
        }
    }
}
