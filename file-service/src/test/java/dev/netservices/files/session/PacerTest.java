package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.netservices.common.time.ManualClock;

/**
 * The pacer's arithmetic on a manual clock: its pause records the wait and moves the clock by it, so no test sleeps.
 * A paced transfer takes size / rate, never less; one that fell behind catches up by at most a second's worth.
 */
class PacerTest {

    private static final long MIB = 1024 * 1024;

    private final ManualClock clock = new ManualClock();
    private final List<Long> waits = new ArrayList<>();
    private final Pacer.Pause pause = nanos -> {
        waits.add(nanos);
        clock.advance(Duration.ofNanos(nanos));
    };

    @Test
    void aTransferPacedToARateTakesItsSizeOverTheRate() throws IOException {
        Pacer pacer = new Pacer(MIB, clock, pause);
        long start = clock.nanoTime();
        for (int i = 0; i < 64; i++) {
            pacer.take(64 * 1024);
        }
        // 4 MiB at 1 MiB/s: four seconds, to the nanosecond (rounded up, never down)
        assertThat(clock.nanoTime() - start).isBetween(4_000_000_000L, 4_000_000_040L);
        assertThat(waits).hasSize(64).allMatch(wait -> wait > 0);
    }

    @Test
    void timeAlreadySpentMovingCountsAgainstTheWait() throws IOException {
        Pacer pacer = new Pacer(1000, clock, pause);
        clock.advance(Duration.ofMillis(300));
        pacer.take(500);
        assertThat(waits).containsExactly(200_000_000L);
        clock.advance(Duration.ofMillis(600));
        pacer.take(500);
        assertThat(waits).as("the second half was due at 1 s, reached at 1.1 s: no wait").containsExactly(200_000_000L);
    }

    @Test
    void aTransferThatFellBehindCatchesUpByAtMostOneSecondOfItsRate() throws IOException {
        Pacer pacer = new Pacer(1000, clock, pause);
        pacer.take(1000);
        clock.advance(Duration.ofSeconds(10)); // a stall: nine seconds behind its rate
        pacer.take(1000);
        pacer.take(500);
        assertThat(waits).as("a second's credit spent, then paced again").containsExactly(1_000_000_000L, 500_000_000L);
    }

    @Test
    void theWaitIsExactForSizesWhoseNanosecondProductOverflows() {
        Pacer pacer = new Pacer(MIB, clock, pause);
        long terabyte = 1_000_000_000_000L; // times 10^9 is far past a long
        BigInteger[] exact = BigInteger.valueOf(terabyte).multiply(BigInteger.valueOf(1_000_000_000L))
                .divideAndRemainder(BigInteger.valueOf(MIB));
        long roundedUp = exact[0].longValueExact() + (exact[1].signum() > 0 ? 1 : 0);
        assertThat(pacer.waitFor(terabyte)).isBetween(roundedUp - 1, roundedUp);
    }

    @Test
    void stepsAreATenthOfASecondWithinBounds() {
        assertThat(new Pacer(MIB, clock, pause).step()).isEqualTo((int) (MIB / 10));
        assertThat(new Pacer(1000, clock, pause).step()).isEqualTo(4096);
        assertThat(new Pacer(1L << 40, clock, pause).step()).isEqualTo(256 * 1024);
    }

    @Test
    void anInterruptedWaitEndsTheTransferWithAnIoError() {
        Pacer pacer = new Pacer(1000, clock, nanos -> {
            throw new InterruptedException();
        });
        assertThatThrownBy(() -> pacer.take(1000)).isInstanceOf(InterruptedIOException.class);
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    }

    @Test
    void aRateIsPositive() {
        assertThatThrownBy(() -> new Pacer(0, clock, pause)).isInstanceOf(IllegalArgumentException.class);
    }
}
