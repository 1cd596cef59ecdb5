package dev.netservices.files.defense;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;

/**
 * The ban list, like SFTPGo's defender or fail2ban: each client address collects a score for failed logins,
 * refused commands and protocol errors; an address whose score reaches the threshold within the window is banned
 * for the ban time: its connections get one {@code ERR 421} line and are closed. Bans and their ends are logged
 * and told to the {@link Listener} (metrics). At most {@code maxAddresses} addresses are remembered (the longest
 * quiet go first), so a flood of addresses cannot grow it without bound.
 *
 * <pre>
 *   clean ──score──► scoring (window open) ──score ≥ threshold──► banned ──ban time over──► clean
 *                        └──window over: score starts again from 0
 * </pre>
 */
public final class Defender {

    private static final Logger log = LoggerFactory.getLogger(Defender.class);

    /** What a session did that costs points. */
    public enum Offence { FAILED_LOGIN, REFUSED_COMMAND, PROTOCOL_ERROR }

    /** Told of bans, for metrics. */
    public interface Listener {
        void banned(String address);

        void banEnded(String address);
    }

    /**
     * Scores and bans kept where every replica sees them (files.metadata=postgres). The local records stay the fast
     * path (a ban known here is answered without asking); what this answers is the truth across replicas. When it
     * fails (the database is away) the replica goes on with what it knows itself.
     */
    public interface SharedScores {
        /** Adds {@code points} to the address's score (windowed); answers when its ban ends if it is banned now, else null. */
        java.time.Instant offended(String address, int points, Rules rules);

        /** When the address's ban ends if it is banned now, else null. */
        java.time.Instant bannedUntil(String address);
    }

    /** The scores and limits; {@code enabled} false makes every method a no-op. */
    public record Rules(boolean enabled, int threshold, Duration window, Duration banTime, int failedLoginScore, int refusedCommandScore,
            int protocolErrorScore, int maxAddresses) {
    }

    private static final class Record {
        long windowStart;
        int score;
        long bannedUntil;
        boolean banned;
    }

    public static final Defender OFF = new Defender(new Rules(false, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 0, 0, 0, 1),
            ServiceClock.SYSTEM, null);

    private final Rules rules;
    private final ServiceClock clock;
    private final Listener listener;
    // Guarded by this; in order of last change, so the quietest address is first to go.
    private final Map<String, Record> records = new LinkedHashMap<>(16, 0.75f, true);

    private final SharedScores shared;

    public Defender(Rules rules, ServiceClock clock, Listener listener) {
        this(rules, clock, listener, null);
    }

    /** @param shared where replicas keep scores and bans together; null: this process alone */
    public Defender(Rules rules, ServiceClock clock, Listener listener, SharedScores shared) {
        this.rules = rules;
        this.clock = clock;
        this.listener = listener;
        this.shared = shared;
    }

    /** A ban another replica made, learned here: kept locally until it ends. */
    private boolean learnedBan(String address, java.time.Instant until) {
        if (until == null) {
            return false;
        }
        long left = java.time.Duration.between(clock.now(), until).toNanos();
        if (left <= 0) {
            return false;
        }
        Record record = records.computeIfAbsent(address, key -> new Record());
        if (!record.banned) {
            record.banned = true;
            record.bannedUntil = clock.nanoTime() + left;
            log.warn("banned {} until {}: banned by another replica", address, until);
            if (listener != null) {
                listener.banned(address);
            }
        }
        return true;
    }

    private java.time.Instant sharedBan(String address) {
        try {
            return shared.bannedUntil(address);
        } catch (RuntimeException e) {
            log.debug("shared bans unreadable, going on with this replica's: {}", e.getMessage());
            return null;
        }
    }

    /** Whether {@code address} is banned now; a ban that has run out ends here (logged, told). */
    public synchronized boolean isBanned(String address) {
        if (!rules.enabled()) {
            return false;
        }
        Record record = records.get(address);
        if (record != null && stillBanned(address, record, clock.nanoTime())) {
            return true;
        }
        return shared != null && learnedBan(address, sharedBan(address));
    }

    /** Adds the offence's points to {@code address}; answers whether it is banned now. */
    public synchronized boolean offended(String address, Offence offence) {
        if (!rules.enabled()) {
            return false;
        }
        long now = clock.nanoTime();
        Record record = records.computeIfAbsent(address, key -> new Record());
        if (stillBanned(address, record, now)) {
            return true;
        }
        if (record.score == 0 || now - record.windowStart > rules.window().toNanos()) {
            record.windowStart = now;
            record.score = 0;
        }
        int points = switch (offence) {
            case FAILED_LOGIN -> rules.failedLoginScore();
            case REFUSED_COMMAND -> rules.refusedCommandScore();
            case PROTOCOL_ERROR -> rules.protocolErrorScore();
        };
        record.score += points;
        if (shared != null) {
            try {
                java.time.Instant until = shared.offended(address, points, rules);
                if (until != null && record.score < rules.threshold()) {
                    return learnedBan(address, until);
                }
            } catch (RuntimeException e) {
                log.debug("shared scores unwritable, going on with this replica's: {}", e.getMessage());
            }
        }
        if (record.score >= rules.threshold()) {
            record.banned = true;
            record.bannedUntil = now + rules.banTime().toNanos();
            log.warn("banned {} for {}: a score of {} within {} (failed logins, refused commands, protocol errors)", address,
                    rules.banTime(), record.score, rules.window());
            if (listener != null) {
                listener.banned(address);
            }
        }
        forgetOldest();
        return record.banned;
    }

    /** Bans in force now; ends the ones that ran out (so their end is logged even if the address never returns). */
    public synchronized int bannedNow() {
        long now = clock.nanoTime();
        int banned = 0;
        for (Map.Entry<String, Record> entry : records.entrySet()) {
            if (entry.getValue().banned && stillBanned(entry.getKey(), entry.getValue(), now)) {
                banned++;
            }
        }
        return banned;
    }

    /** The ban's end in a sentence for the 421 line: "for 29 more minutes". */
    public synchronized String remaining(String address) {
        Record record = records.get(address);
        // rounded up: "0 more seconds" would invite a retry that is still refused
        long seconds = record == null ? 1 : Math.max(1, (record.bannedUntil - clock.nanoTime() + 999_999_999L) / 1_000_000_000L);
        return seconds >= 120 ? ((seconds + 59) / 60) + " more minutes" : seconds + " more seconds";
    }

    private boolean stillBanned(String address, Record record, long now) {
        if (!record.banned) {
            return false;
        }
        if (now - record.bannedUntil < 0) {
            return true;
        }
        record.banned = false;
        record.score = 0;
        log.info("the ban of {} ended", address);
        if (listener != null) {
            listener.banEnded(address);
        }
        return false;
    }

    private void forgetOldest() {
        Iterator<Map.Entry<String, Record>> oldest = records.entrySet().iterator();
        while (records.size() > rules.maxAddresses() && oldest.hasNext()) {
            Map.Entry<String, Record> entry = oldest.next();
            if (!entry.getValue().banned) {
                oldest.remove();
            } else if (records.size() > 2 * rules.maxAddresses()) {
                oldest.remove();
            }
        }
    }
}
