package dev.netservices.chat.room;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@link History} on one node: the last {@code lines} lines of each room in memory. The rooms remembered are bounded
 * too ({@link #MAX_ROOMS}, the least recently spoken in forgotten first): room names come from members, so without
 * a bound anyone could fill the heap by saying one line in each of a million rooms. So is the text kept over all
 * rooms ({@link #MAX_CHARS}): a line may be a whole datagram (8 KiB, twice that as a Java string with one character
 * past Latin-1), so 1,000 rooms of 20 such lines held 330 MB, which a hundred members filled in half a minute and a
 * 512 MB container does not have. Past the budget the least recently spoken rooms are forgotten first, then the
 * oldest lines of the room being spoken in; rooms of ordinary lines (100 characters: 2,000 a room) never meet it.
 */
public final class RecentLines implements History {

    static final int MAX_ROOMS = 1_000;
    /** Characters of text kept over all rooms: at most 16 MiB of heap for the text (two bytes a character at worst). */
    static final long MAX_CHARS = 8L * 1024 * 1024;

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
