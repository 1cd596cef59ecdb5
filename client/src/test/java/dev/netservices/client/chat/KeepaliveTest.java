package dev.netservices.client.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.netservices.client.chat.Keepalive.Action;

/** The keepalive's timing on made-up instants (seconds written as nanoseconds): nothing waits 25 s. */
class KeepaliveTest {

    private static final long S = 1_000_000_000L;
    private final Keepalive keepalive = new Keepalive(Duration.ofSeconds(25), 0);

    @Test
    void pingsAfterAnIntervalOfTheUsersSilenceOnly() {
        assertThat(keepalive.tick(24 * S)).isEqualTo(Action.NONE);
        keepalive.sent(20 * S);
        keepalive.heard(20 * S);
        assertThat(keepalive.tick(44 * S)).isEqualTo(Action.NONE);
        assertThat(keepalive.tick(45 * S)).isEqualTo(Action.PING);
        keepalive.heard(45 * S);
        assertThat(keepalive.tick(60 * S)).isEqualTo(Action.NONE);
        assertThat(keepalive.tick(70 * S)).isEqualTo(Action.PING);
    }

    @Test
    void noAnswerForTwoIntervalsAfterAPingIsReportedOnceAndAnAnswerEndsTheSilence() {
        assertThat(keepalive.tick(25 * S)).isEqualTo(Action.PING);
        assertThat(keepalive.tick(49 * S)).isEqualTo(Action.NONE);
        assertThat(keepalive.tick(50 * S)).isEqualTo(Action.PING_AND_REPORT_SILENT);
        assertThat(keepalive.tick(75 * S)).as("the silence is reported once").isEqualTo(Action.PING);
        assertThat(keepalive.heard(76 * S)).as("the answer after the silence is news").isTrue();
        assertThat(keepalive.heard(77 * S)).isFalse();
        assertThat(keepalive.tick(100 * S)).isEqualTo(Action.PING);
        assertThat(keepalive.tick(127 * S)).as("a new silence is reported again").isEqualTo(Action.PING_AND_REPORT_SILENT);
    }

    @Test
    void aUserWhoKeepsTypingIntoASilentServerStillGetsAPingAndTheReport() {
        for (long t = 1; t <= 60; t++) {
            keepalive.sent(t * S);
            Action action = keepalive.tick(t * S);
            if (t == 25) {
                assertThat(action).as("nothing heard for an interval").isEqualTo(Action.PING);
            } else if (t == 50) {
                assertThat(action).isEqualTo(Action.PING_AND_REPORT_SILENT);
            } else {
                assertThat(action).as("at %d s", t).isIn(Action.NONE);
            }
        }
    }
}
