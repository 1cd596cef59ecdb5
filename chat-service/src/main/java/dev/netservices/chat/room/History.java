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
