package dev.netservices.files.observability;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.netservices.files.server.SessionSlots;

/**
 * The {@code sessions} health component: how many of the shared session slots are in use, and
 * {@code saturated: true} when none is left. It stays UP while saturated, on purpose: readiness answers "does
 * sending this replica new connections help?", and a saturated file server still answers each one at once with
 * {@code ERR 503 server busy}, while the slots come back by themselves (a silent connection within
 * {@code files.first-command-timeout}, an idle one within {@code files.idle-timeout}). Taking it out of rotation
 * would not end the sessions that hold the slots, and with one replica would turn "busy, try again" into
 * "nothing listens". Saturation is for an alert (on {@code files_sessions_rejected_total}), not for the orchestrator.
 */
public final class SessionSlotsHealthIndicator implements HealthIndicator {

    private final SessionSlots slots;

    public SessionSlotsHealthIndicator(SessionSlots slots) {
        this.slots = slots;
    }

    @Override
    public Health health() {
        int inUse = slots.inUse();
        return Health.up()
                .withDetail("inUse", inUse)
                .withDetail("max", slots.max())
                .withDetail("maxPerAddress", slots.maxPerAddress())
                .withDetail("addresses", slots.addresses())
                .withDetail("saturated", inUse >= slots.max())
                .build();
    }
}
