package dev.netservices.chat.room;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What was said in each room lately, replayed to whoever enters it ({@code chat.history.lines}). On one node a
 * bounded buffer per room ({@link RecentLines}); with the cluster on a capped Redis Stream per room, so that a member
 * entering on one node reads what was said on another, and a restarted node still has it. Private messages are never
 * kept.
 *
 * <p>{@link #keep} is on the path of every line: it must neither block nor wait for another node. {@link #last}
 * may: it is a future, asked on a join.
 */
public interface History {

    /**
     * Rooms whose lines are kept at most, over all rooms, on one node and across a cluster alike: room names come from
     * members, so without a bound anyone could fill the heap (or Redis) by saying one line in each of a million rooms.
     * Past it the least recently spoken in are forgotten first.
     */
    int MAX_ROOMS = 1_000;

    /**
     * Characters of text kept over all rooms (as {@link String#length()} counts them): at most 16 MiB of heap for the
     * text on one node (two bytes a character at worst). A line may be a whole datagram (8 KiB, twice that as a Java
     * string with one character past Latin-1), so 1,000 rooms of 20 such lines held 330 MB, which a hundred members
     * filled in half a minute and a 512 MB container does not have. Past it the least recently spoken rooms are
     * forgotten first, then the oldest lines of the room being spoken in (never its newest line); rooms of ordinary
     * lines (100 characters: 2,000 a room) never meet it.
     */
    long MAX_CHARS = 8L * 1024 * 1024;

    /** One kept line: when it was said (wall time, milliseconds) and its text as members read it. */
    record Line(long millis, String text) {
    }

    void keep(RoomName room, long millis, String text);

    /** The room's last lines, oldest first; none when they cannot be read. */
    CompletableFuture<List<Line>> last(RoomName room);

    /** History turned off ({@code chat.history.lines=0}). */
    History NONE = new History() {
        @Override
        public void keep(RoomName room, long millis, String text) {
        }

        @Override
        public CompletableFuture<List<Line>> last(RoomName room) {
            return CompletableFuture.completedFuture(List.of());
        }
    };
}
