package dev.netservices.files.account;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.netservices.common.time.ServiceClock;

/**
 * Failed logins per client address: after {@code maxFailures} within {@code lockout}, that address's
 * logins are refused unchecked until its oldest counted failure is older than {@code lockout}. At most
 * {@link #MAX_ADDRESSES} addresses are remembered (the stalest forgotten first), so a spray of
 * addresses cannot grow the table without bound.
 */
public final class LoginThrottle {

    static final int MAX_ADDRESSES = 10_000;

    private final int maxFailures;
    private final Duration lockout;
    private final ServiceClock clock;
    private final LinkedHashMap<String, Deque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true);

    public LoginThrottle(int maxFailures, Duration lockout, ServiceClock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** How long {@code address} must still wait, or {@link Duration#ZERO} when it may try. */
    public synchronized Duration waitFor(String address) {
        Deque<Long> times = current(address);
        if (times == null || times.size() < maxFailures) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(times.peekFirst() + lockout.toNanos() - clock.nanoTime());
    }

    public synchronized void failed(String address) {
        Deque<Long> times = current(address);
        if (times == null) {
            times = new ArrayDeque<>();
            failures.put(address, times);
            if (failures.size() > MAX_ADDRESSES) {
                Iterator<Map.Entry<String, Deque<Long>>> stalest = failures.entrySet().iterator();
                stalest.next();
                stalest.remove();
            }
        }
        times.addLast(clock.nanoTime());
        while (times.size() > maxFailures) {
            times.removeFirst();
        }
    }

    public synchronized void succeeded(String address) {
        failures.remove(address);
    }

    private Deque<Long> current(String address) {
        Deque<Long> times = failures.get(address);
        if (times == null) {
            return null;
        }
        long now = clock.nanoTime();
        while (!times.isEmpty() && now - times.peekFirst() >= lockout.toNanos()) {
            times.removeFirst();
        }
        if (times.isEmpty()) {
            failures.remove(address);
            return null;
        }
        return times;
    }
}
