package dev.netservices.client.files;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code [#########-----------]  45%  12.3 MiB / 27.0 MiB  85.2 MiB/s}, redrawn in place with a
 * carriage return at most ten times a second.
 */
public final class ProgressBar implements Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long startedAt = System.nanoTime();
    private final long startedFrom;
    private long lastDrawn;
    private long done;

    public ProgressBar(PrintStream out, String label, long total, long startedFrom) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.startedFrom = startedFrom;
        this.done = startedFrom;
    }

    @Override
    public void advanced(long done) {
        this.done = done;
        long now = System.nanoTime();
        // the last state is drawn by finished(), once
        if (done < total && now - lastDrawn >= REDRAW_NANOS) {
            lastDrawn = now;
            out.print("\r" + line(now));
            out.flush();
        }
    }

    @Override
    public void finished() {
        out.print("\r" + line(System.nanoTime()) + System.lineSeparator());
        out.flush();
    }

    String line(long now) {
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        int filled = total == 0 ? WIDTH : (int) (done * WIDTH / total);
        double seconds = Math.max(1e-3, (now - startedAt) / 1e9);
        return "%s [%s%s] %3d%%  %s / %s  %s/s".formatted(label, "#".repeat(filled), "-".repeat(WIDTH - filled), percent,
                human(done), human(total), human((long) ((done - startedFrom) / seconds)));
    }

    /** 1536 -> "1.5 KiB". */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
