package dev.netservices.files.account;

import java.util.HashMap;
import java.util.Map;

/**
 * Sessions logged in per account, for the users file's {@code max-sessions}: a login past it is refused, and a
 * session gives its place back when it ends or logs in as someone else.
 */
public final class AccountSessions {

    // Guarded by this.
    private final Map<String, Integer> open = new HashMap<>();

    /** Takes a place for {@code account} unless it already holds {@code max} ({@code max} below 1: no limit). */
    public synchronized boolean tryOpen(String account, int max) {
        int now = open.getOrDefault(account, 0);
        if (max > 0 && now >= max) {
            return false;
        }
        open.put(account, now + 1);
        return true;
    }

    public synchronized void close(String account) {
        open.computeIfPresent(account, (name, count) -> count <= 1 ? null : count - 1);
    }
}
