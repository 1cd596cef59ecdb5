package dev.netservices.chat.udp;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.room.IdleRemoval;

/**
 * The timer of the idle removal: while the server is bound, every quarter of the idle timeout it has the room
 * remove its silent members ({@link IdleRemoval}) and sends what tells them and the room through the
 * {@link SideEntry}, from the chat port like every other datagram.
 */
final class IdleSweep {

    private static final Logger log = LoggerFactory.getLogger(IdleSweep.class);

    private final IdleRemoval removal;
    private final SideEntry entry;
    private final Duration idleTimeout;
    private ScheduledExecutorService timer;

    IdleSweep(IdleRemoval removal, SideEntry entry, Duration idleTimeout) {
        this.removal = removal;
        this.entry = entry;
        this.idleTimeout = idleTimeout;
    }

    /** Often enough that a member is removed at most a quarter of the timeout late, never more often than 20 times a second. */
    static Duration period(Duration idleTimeout) {
        long quarter = idleTimeout.toMillis() / 4;
        return Duration.ofMillis(Math.clamp(quarter, 50, 15_000));
    }

    synchronized void start() {
        long period = period(idleTimeout).toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("chat-idle-sweep").daemon(true).factory());
        timer.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    private void sweep() {
        try {
            IdleRemoval.Removed removed = removal.removeIdle();
            if (!removed.members().isEmpty()) {
                entry.send(removed.sends());
                log.info("removed {} idle member(s) after {}", removed.members().size(), idleTimeout);
            }
        } catch (RuntimeException e) {
            log.warn("idle sweep failed", e);
        }
    }
}
