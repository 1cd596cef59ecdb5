package dev.netservices.chat.room;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@link History} on one node: the last {@code lines} lines of each room in memory. The rooms remembered are bounded
 * too ({@link #MAX_ROOMS}, the least recently spoken in forgotten first): room names come from members, so without
 * a bound anyone could fill the heap by saying one line in each of a million rooms.
 */
public final class RecentLines implements History {

    static final int MAX_ROOMS = 1_000;

    private final int lines;
    /** By {@link RoomName#key()}, in access order; guarded by this. */
    private final Map<String, ArrayDeque<Line>> rooms = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Line>> eldest) {
            return size() > MAX_ROOMS;
        }
    };

    public RecentLines(int lines) {
        this.lines = lines;
    }

    @Override
    public synchronized void keep(RoomName room, long millis, String text) {
        ArrayDeque<Line> kept = rooms.computeIfAbsent(room.key(), key -> new ArrayDeque<>(lines));
        if (kept.size() == lines) {
            kept.poll();
        }
        kept.add(new Line(millis, text));
    }

    @Override
    public synchronized CompletableFuture<List<Line>> last(RoomName room) {
        ArrayDeque<Line> kept = rooms.get(room.key());
        return CompletableFuture.completedFuture(kept == null ? List.of() : List.copyOf(kept));
    }
}
