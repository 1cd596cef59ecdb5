package dev.netservices.chat.room;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@link History} on one node: the last {@code lines} lines of each room in memory, within the bounds every node keeps
 * ({@link History#MAX_ROOMS} rooms, {@link History#MAX_CHARS} characters over all rooms; why: see there). Past them the
 * least recently spoken rooms are forgotten first, then the oldest lines of the room being spoken in.
 */
public final class RecentLines implements History {

    private final int lines;
    private final long maxChars;
    /** Characters of every line kept; guarded by this. */
    private long chars;
    /** By {@link RoomName#key()}, in access order; guarded by this. */
    private final Map<String, ArrayDeque<Line>> rooms = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Line>> eldest) {
            if (size() > MAX_ROOMS) {
                chars -= charsOf(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    public RecentLines(int lines) {
        this(lines, MAX_CHARS);
    }

    RecentLines(int lines, long maxChars) {
        this.lines = lines;
        this.maxChars = maxChars;
    }

    @Override
    public synchronized void keep(RoomName room, long millis, String text) {
        ArrayDeque<Line> kept = rooms.computeIfAbsent(room.key(), key -> new ArrayDeque<>(lines));
        if (kept.size() == lines) {
            chars -= kept.poll().text().length();
        }
        kept.add(new Line(millis, text));
        chars += text.length();
        // The room just spoken in is the most recent: every other room goes before its own oldest lines do.
        Iterator<ArrayDeque<Line>> eldestFirst = rooms.values().iterator();
        while (chars > maxChars && eldestFirst.hasNext()) {
            ArrayDeque<Line> eldest = eldestFirst.next();
            if (eldest == kept) {
                while (chars > maxChars && kept.size() > 1) {
                    chars -= kept.poll().text().length();
                }
                break;
            }
            chars -= charsOf(eldest);
            eldestFirst.remove();
        }
    }

    @Override
    public synchronized CompletableFuture<List<Line>> last(RoomName room) {
        ArrayDeque<Line> kept = rooms.get(room.key());
        return CompletableFuture.completedFuture(kept == null ? List.of() : List.copyOf(kept));
    }

    /** Characters kept over all rooms (for tests). */
    synchronized long chars() {
        return chars;
    }

    private static long charsOf(ArrayDeque<Line> kept) {
        long sum = 0;
        for (Line line : kept) {
            sum += line.text().length();
        }
        return sum;
    }
}
