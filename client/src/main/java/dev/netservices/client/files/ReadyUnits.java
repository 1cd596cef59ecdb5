package dev.netservices.client.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The units of a {@code mirror -R} as its sessions take them, and whether each one's folders are made yet. One session
 * makes every unit's folders, pipelined, in the order the units are taken ({@link #folderOrder()}); the others take the
 * next unit as soon as they are done with their last and wait only until its folders' replies are in, so folders are
 * made while files are sent instead of before them. The folder-making session then takes units like the others.
 *
 * <pre>
 *   folder session:  MKDIR u1's ─ MKDIR u2's, u3's ─ MKDIR u4..u7's ─ ... ─ settle ─► takes units
 *   other sessions:  take u1 ─ wait for its folders ─ PUT its files ─ take the next ─ ...
 * </pre>
 */
final class ReadyUnits {

    /** The most units whose folders are sent together (a level of them at a time); the first groups are smaller. */
    static final int GROUP = 8;

    private final List<UploadPlan.Unit> units;
    private final List<CountDownLatch> folders = new ArrayList<>();
    private final Map<String, Integer> unitOf = new HashMap<>();
    private final AtomicInteger taken = new AtomicInteger();

    ReadyUnits(List<UploadPlan.Unit> units) {
        this.units = List.copyOf(units);
        for (int i = 0; i < this.units.size(); i++) {
            UploadPlan.Unit unit = this.units.get(i);
            folders.add(new CountDownLatch(unit.folders().size()));
            for (String folder : unit.folders()) {
                unitOf.put(folder, i);
            }
        }
    }

    /**
     * Every unit's folders in the order they are made: the units in groups of 1, 2, 4 and then {@link #GROUP} (the
     * first files start after a few folders), within a group a level at a time (the server overlaps a level's
     * {@code MKDIR}s; one waits only for those above it).
     */
    List<String> folderOrder() {
        List<String> order = new ArrayList<>();
        int group = 1;
        for (int from = 0; from < units.size(); from += group, group = Math.min(GROUP, group * 2)) {
            List<String> grouped = new ArrayList<>();
            for (UploadPlan.Unit unit : units.subList(from, Math.min(units.size(), from + group))) {
                grouped.addAll(unit.folders());
            }
            grouped.sort(Comparator.comparingInt(ReadyUnits::depth));
            order.addAll(grouped);
        }
        return order;
    }

    /** {@code folder} was made, or will not be (refused, or the connection broke): either way its unit need not wait for it. */
    void answered(String folder) {
        Integer unit = unitOf.get(folder);
        if (unit != null) {
            folders.get(unit).countDown();
        }
    }

    /** The next unit once its folders are answered, or null when none is left. */
    UploadPlan.Unit next() throws IOException {
        int index = taken.getAndIncrement();
        if (index >= units.size()) {
            return null;
        }
        try {
            folders.get(index).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("mirror interrupted", e);
        }
        return units.get(index);
    }

    private static int depth(String path) {
        int depth = 0;
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            depth++;
        }
        return depth;
    }
}
