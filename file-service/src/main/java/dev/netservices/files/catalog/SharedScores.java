package dev.netservices.files.catalog;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.defense.Defender;
import dev.netservices.files.store.StoreException;

/**
 * The ban list's scores and bans in PostgreSQL: one row per address, changed under a row lock, so offences on any
 * replica add up to one score and a ban made anywhere holds everywhere. Rows quiet for longer than the window and
 * without a ban in force are forgotten by {@link #forgetQuiet}.
 */
public final class SharedScores implements Defender.SharedScores {

    private final CatalogDatabase database;
    private final ServiceClock clock;

    public SharedScores(CatalogDatabase database, ServiceClock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Instant offended(String address, int points, Defender.Rules rules) {
        Instant now = clock.now();
        return call(() -> database.inTransaction(jdbc -> {
            jdbc.update("""
                    insert into defender_scores (address, window_start, score, touched_at) values (?, ?, 0, ?)
                    on conflict do nothing""", address, Timestamp.from(now), Timestamp.from(now));
            List<Object[]> rows = jdbc.query("select window_start, score, banned_until from defender_scores where address = ? for update",
                    (rs, n) -> new Object[] {rs.getTimestamp(1).toInstant(), rs.getInt(2), rs.getTimestamp(3)}, address);
            Instant windowStart = (Instant) rows.get(0)[0];
            int score = (Integer) rows.get(0)[1];
            Timestamp bannedUntil = (Timestamp) rows.get(0)[2];
            if (bannedUntil != null && bannedUntil.toInstant().isAfter(now)) {
                return bannedUntil.toInstant();
            }
            if (score == 0 || windowStart.plus(rules.window()).isBefore(now) || bannedUntil != null) {
                windowStart = now;
                score = 0;
            }
            score += points;
            Instant until = score >= rules.threshold() ? now.plus(rules.banTime()) : null;
            jdbc.update("update defender_scores set window_start = ?, score = ?, banned_until = ?, touched_at = ? where address = ?",
                    Timestamp.from(windowStart), until == null ? score : 0, until == null ? null : Timestamp.from(until), Timestamp.from(now),
                    address);
            return until;
        }));
    }

    @Override
    public Instant bannedUntil(String address) {
        Instant now = clock.now();
        return call(() -> database.read(jdbc -> {
            List<Instant> until = jdbc.query("select banned_until from defender_scores where address = ? and banned_until > ?",
                    (rs, n) -> rs.getTimestamp(1).toInstant(), address, Timestamp.from(now));
            return until.isEmpty() ? null : until.get(0);
        }));
    }

    /** Forgets addresses with no ban in force and no offence within {@code window}. */
    public int forgetQuiet(java.time.Duration window) throws StoreException {
        Timestamp before = Timestamp.from(clock.now().minus(window));
        return database.read(jdbc -> jdbc.update(
                "delete from defender_scores where touched_at < ? and (banned_until is null or banned_until < ?)", before, before));
    }

    interface Call<T> {
        T run() throws StoreException;
    }

    static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
