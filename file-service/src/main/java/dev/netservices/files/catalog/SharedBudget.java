package dev.netservices.files.catalog;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.account.TryBudget;
import dev.netservices.files.store.StoreException;

/**
 * A token bucket per key in PostgreSQL ({@code burst} tries, one earned back per {@code refill}), taken under a row
 * lock so that tries spread over replicas are counted once. While the database is away the local budget answers
 * instead: a replica never lets more through than it would alone.
 */
public final class SharedBudget implements TryBudget {

    private final CatalogDatabase database;
    private final String kind;
    private final int burst;
    private final Duration refill;
    private final TryBudget fallback;
    private final ServiceClock clock;

    public SharedBudget(CatalogDatabase database, String kind, int burst, Duration refill, TryBudget fallback, ServiceClock clock) {
        this.database = database;
        this.kind = kind;
        this.burst = burst;
        this.refill = refill;
        this.fallback = fallback;
        this.clock = clock;
    }

    @Override
    public boolean tryTake(String key) {
        try {
            return change(key, -1);
        } catch (StoreException e) {
            return fallback.tryTake(key);
        }
    }

    @Override
    public void refund(String key) {
        try {
            change(key, +1);
        } catch (StoreException e) {
            fallback.refund(key);
        }
    }

    /** Adds {@code delta} tokens after the refill since the last change; a take fails (changing nothing) when none is left. */
    private boolean change(String key, int delta) throws StoreException {
        Instant now = clock.now();
        return database.inTransaction(jdbc -> {
            jdbc.update("insert into login_budgets (kind, key, tokens, updated_at) values (?, ?, ?, ?) on conflict do nothing", kind, key,
                    (double) burst, Timestamp.from(now));
            double tokens = refilled(jdbc.queryForObject("select tokens, updated_at from login_budgets where kind = ? and key = ? for update",
                    (rs, n) -> new Object[] {rs.getDouble(1), rs.getTimestamp(2).toInstant()}, kind, key), now);
            if (delta < 0 && tokens < 1) {
                return false;
            }
            jdbc.update("update login_budgets set tokens = ?, updated_at = ? where kind = ? and key = ?", Math.min(burst, tokens + delta),
                    Timestamp.from(now), kind, key);
            return true;
        });
    }

    private double refilled(Object[] row, Instant now) {
        double elapsed = Math.max(0, Duration.between((Instant) row[1], now).toNanos());
        return Math.min(burst, (Double) row[0] + elapsed / refill.toNanos());
    }

    @Override
    public Duration waitBefore(String key) {
        try {
            Instant now = clock.now();
            List<Object[]> rows = database.read(jdbc -> jdbc.query("select tokens, updated_at from login_budgets where kind = ? and key = ?",
                    (rs, n) -> new Object[] {rs.getDouble(1), rs.getTimestamp(2).toInstant()}, kind, key));
            if (rows.isEmpty()) {
                return Duration.ZERO;
            }
            double tokens = refilled(rows.get(0), now);
            return tokens >= 1 ? Duration.ZERO : Duration.ofNanos((long) ((1 - tokens) * refill.toNanos()));
        } catch (StoreException e) {
            return fallback.waitBefore(key);
        }
    }

    /** Forgets buckets full again (untouched for {@code burst} refills). */
    public int forgetRefilled() throws StoreException {
        Timestamp before = Timestamp.from(clock.now().minus(refill.multipliedBy(burst)));
        return database.read(jdbc -> jdbc.update("delete from login_budgets where kind = ? and updated_at < ?", kind, before));
    }
}
