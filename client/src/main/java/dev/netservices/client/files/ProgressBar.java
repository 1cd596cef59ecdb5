package dev.netservices.client.files;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A transfer's progress on stderr:
 * {@code get a.bin [#########---------------------]  30%  12.3 MiB / 41.0 MiB  85.2 MiB/s  ETA 0:01}.
 *
 * <p>On a terminal the line is redrawn in place (carriage return) at most ten times a second. Anywhere
 * else (a file, a pipe, a CI log) nothing is drawn while the bytes move and one summary line is written
 * at the end, without a carriage return: the same line, with the time it took instead of the ETA.
 */
public final class ProgressBar implements Progress {

    /** How progress is shown: not at all, redrawn on a terminal, or one summary line. */
    public enum Style { NONE, BAR, SUMMARY }

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean redraw;
    private final LongSupplier nanoTime;
    private long startedAt;
    private boolean began;
    private final long startedFrom;
    private long lastDrawn;
    private int lastLength;
    private long done;

    ProgressBar(PrintStream out, String label, long total, long startedFrom, boolean redraw, LongSupplier nanoTime) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.startedFrom = startedFrom;
        this.done = startedFrom;
        this.redraw = redraw;
        this.nanoTime = nanoTime;
        this.startedAt = nanoTime.getAsLong();
    }

    static Progress of(Style style, PrintStream out, String label, long total, long startedFrom) {
        return switch (style) {
            case NONE -> Progress.NONE;
            case BAR -> new ProgressBar(out, label, total, startedFrom, true, System::nanoTime);
            case SUMMARY -> new ProgressBar(out, label, total, startedFrom, false, System::nanoTime);
        };
    }

    @Override
    public void began() {
        began = true;
        startedAt = nanoTime.getAsLong(); // the rate counts the bytes' time, not the wait for the server's answer
    }

    @Override
    public void advanced(long done) {
        this.done = done;
        if (!redraw) {
            return;
        }
        long now = nanoTime.getAsLong();
        // the last state is drawn by finished(), once
        if (done < total && now - lastDrawn >= REDRAW_NANOS) {
            lastDrawn = now;
            out.print("\r" + covering(line(now)));
            out.flush();
        }
    }

    @Override
    public void finished() {
        if (!began) {
            return; // refused, or failed before a byte: the error says why, with no bar of 0 % above it
        }
        String line = line(nanoTime.getAsLong());
        out.print((redraw ? "\r" + covering(line) : line) + System.lineSeparator());
        out.flush();
    }

    /** The line padded with spaces over whatever the longer line drawn before left ("in 1.2s" over "ETA 12.4s"). */
    private String covering(String line) {
        String padded = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
        lastLength = line.length();
        return padded;
    }

    String line(long now) {
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        int filled = total == 0 ? WIDTH : (int) (done * WIDTH / total);
        double seconds = Math.max(1e-3, (now - startedAt) / 1e9);
        long rate = (long) ((done - startedFrom) / seconds);
        String time = done >= total || !redraw ? "in " + clock(seconds) : rate > 0 ? "ETA " + clock((total - done) / (double) rate) : "ETA --:--";
        return "%s [%s%s] %3d%%  %s / %s  %s/s  %s".formatted(label, "#".repeat(filled), "-".repeat(WIDTH - filled), percent,
                human(done), human(total), human(rate), time);
    }

    /** 75.4 seconds -> "1:15"; under ten seconds with a tenth: "3.2s". */
    static String clock(double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long whole = (long) seconds;
        return whole >= 3600 ? "%d:%02d:%02d".formatted(whole / 3600, whole / 60 % 60, whole % 60)
                : "%d:%02d".formatted(whole / 60, whole % 60);
    }

    /** 1536 -> "1.5 KiB". */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
