package dev.netservices.files.server;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The session slots both ports share: {@code maxSessions} in all, at most {@code maxPerAddress} of them held by
 * any one client address. Without the second limit, a hundred silent connections from one machine took every
 * slot; with it, filling the server takes {@code maxSessions / maxPerAddress} addresses, and each slot a silent
 * connection holds comes back after the first-command deadline.
 */
public final class SessionSlots {

    /** What {@link #tryTake} decided. */
    public enum Grant { TAKEN, FULL, ADDRESS_FULL }

    private final int max;
    private final int maxPerAddress;
    // Guarded by this: few operations, each tiny, once per connection.
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private int inUse;

    public SessionSlots(int max, int maxPerAddress) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a slot for {@code address}: the address's own limit is asked first, so an address at its limit leaves the others' slots alone. */
    public synchronized Grant tryTake(InetAddress address) {
        int held = byAddress.getOrDefault(address, 0);
        if (held >= maxPerAddress) {
            return Grant.ADDRESS_FULL;
        }
        if (inUse >= max) {
            return Grant.FULL;
        }
        byAddress.put(address, held + 1);
        inUse++;
        return Grant.TAKEN;
    }

    /** Gives back a slot {@link #tryTake} granted {@code address}. */
    public synchronized void release(InetAddress address) {
        byAddress.computeIfPresent(address, (key, held) -> held == 1 ? null : held - 1);
        inUse--;
    }

    public synchronized int inUse() {
        return inUse;
    }

    public int max() {
        return max;
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    /** Client addresses holding a slot now. */
    public synchronized int addresses() {
        return byAddress.size();
    }
}
