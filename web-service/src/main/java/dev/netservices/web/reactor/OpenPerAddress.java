package dev.netservices.web.reactor;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many things (connections, TLS handshakes) each client address has open right now, with a cap on each.
 * It is a count of what is open, not a rate: common's {@code AddressBudget} spends tokens that come back with
 * time, while a slot here comes back only when its connection closes or its handshake ends.
 *
 * <p>Bounded without eviction: an address is in the map only while it has something open, so the map never
 * holds more entries than there are open connections ({@code web.max-connections}). Safe from any thread: the
 * acceptor takes connection slots, the event loops take handshake slots, and whoever closes gives them back.
 */
final class OpenPerAddress {

    private final int max;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    /** @param max what one address may have open at once */
    OpenPerAddress(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("an address must be allowed at least one");
        }
        this.max = max;
    }

    /** Takes a slot for {@code address}: false, and nothing taken, when it has {@code max} open already. */
    boolean tryOpen(String address) {
        boolean[] taken = {false};
        open.compute(address, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives back a slot taken by {@link #tryOpen}; the address leaves the map at zero. */
    void close(String address) {
        open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** What the address holding the most has open: one walk of the map (an address a connection), at a scrape. */
    int busiest() {
        int most = 0;
        for (int count : open.values()) {
            most = Math.max(most, count);
        }
        return most;
    }

    /** What one address may have open at once. */
    int max() {
        return max;
    }

    /** Addresses with something open: never more than the open connections. */
    int addresses() {
        return open.size();
    }
}
