package dev.netservices.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The bar on a terminal and the one summary line elsewhere, on a clock the test moves. */
class ProgressBarTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(0);
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(written, true, StandardCharsets.UTF_8);

    @Test
    void humanSizesUseBinaryUnits() {
        assertThat(ProgressBar.human(512)).isEqualTo("512 B");
        assertThat(ProgressBar.human(1536)).isEqualTo("1.5 KiB");
        assertThat(ProgressBar.human(100L << 20)).isEqualTo("100.0 MiB");
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceWithRateAndEta() {
        ProgressBar bar = new ProgressBar(stream, "get a.bin", 4L << 20, 0, true, now::get);
        bar.began();
        now.set(SECOND);
        bar.advanced(1L << 20);
        assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\rget a.bin [#######-----------------------]  25%  1.0 MiB / 4.0 MiB  1.0 MiB/s  ETA 3.0s");
        now.set(4 * SECOND);
        bar.advanced(4L << 20);
        bar.finished();
        assertThat(written.toString(StandardCharsets.UTF_8))
                // the last line is one character shorter than the one it is drawn over ("ETA 3.0s"): a space covers it
                .endsWith("\rget a.bin [##############################] 100%  4.0 MiB / 4.0 MiB  1.0 MiB/s  in 4.0s " + System.lineSeparator());
    }

    @Test
    void elsewhereOneSummaryLineWithoutCarriageReturn() {
        ProgressBar bar = new ProgressBar(stream, "put b.bin", 2048, 0, false, now::get);
        bar.began();
        for (int i = 1; i <= 2048; i *= 2) {
            now.addAndGet(SECOND / 4);
            bar.advanced(i);
        }
        bar.finished();
        assertThat(written.toString(StandardCharsets.UTF_8))
                .isEqualTo("put b.bin [##############################] 100%  2.0 KiB / 2.0 KiB  682 B/s  in 3.0s" + System.lineSeparator())
                .doesNotContain("\r");
    }

    @Test
    void aTransferRefusedBeforeItBeganDrawsNoBarAndItsRateStartsWhenItBegins() {
        ProgressBar refused = new ProgressBar(stream, "put c.bin", 2048, 0, true, now::get);
        refused.finished();
        assertThat(written.toString(StandardCharsets.UTF_8)).isEmpty();

        ProgressBar bar = new ProgressBar(stream, "put d.bin", 2048, 0, false, now::get);
        now.set(10 * SECOND); // the server's answer took ten seconds
        bar.began();
        now.set(12 * SECOND);
        bar.advanced(2048);
        bar.finished();
        assertThat(written.toString(StandardCharsets.UTF_8)).contains("1.0 KiB/s  in 2.0s");
    }

    @Test
    void longTimesReadAsAClock() {
        assertThat(ProgressBar.clock(3.21)).isEqualTo("3.2s");
        assertThat(ProgressBar.clock(75.4)).isEqualTo("1:15");
        assertThat(ProgressBar.clock(3725)).isEqualTo("1:02:05");
    }
}
