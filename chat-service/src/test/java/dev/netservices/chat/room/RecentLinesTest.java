package dev.netservices.chat.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The history one node keeps stays within its bounds however members fill it: rooms, lines per room, characters. */
class RecentLinesTest {

    private static RoomName room(String name) {
        return RoomName.of("#" + name).orElseThrow();
    }

    private static List<String> texts(RecentLines history, String name) {
        return history.last(room(name)).join().stream().map(History.Line::text).toList();
    }

    @Test
    void fullDatagramLinesInManyRoomsStayWithinTheCharacterBudgetForgettingTheLeastRecentlySpokenRoomsFirst() {
        String full = "Ж" + "x".repeat(8_000); // a whole datagram: 16 KB as a Java string
        RecentLines history = new RecentLines(20);
        for (int r = 0; r < History.MAX_ROOMS; r++) {
            for (int k = 0; k < 20; k++) {
                history.keep(room("r" + r), k, "m : " + full);
            }
            assertThat(history.chars()).isLessThanOrEqualTo(History.MAX_CHARS);
        }
        assertThat(texts(history, "r0")).as("the least recently spoken room went first").isEmpty();
        assertThat(texts(history, "r999")).as("the room spoken in last keeps every line").hasSize(20);
    }

    @Test
    void pastTheBudgetOtherRoomsGoBeforeTheOldestLinesOfTheRoomSpokenIn() {
        RecentLines history = new RecentLines(5, 30);
        history.keep(room("a"), 1, "aaaaaaaaaa");
        history.keep(room("b"), 2, "bbbbbbbbbb");
        history.keep(room("c"), 3, "cccccccccc");
        assertThat(history.chars()).isEqualTo(30);
        history.keep(room("c"), 4, "CCCCCCCCCC");
        assertThat(texts(history, "a")).isEmpty();
        assertThat(texts(history, "b")).containsExactly("bbbbbbbbbb");
        assertThat(texts(history, "c")).containsExactly("cccccccccc", "CCCCCCCCCC");
        history.keep(room("c"), 5, "dddddddddddddddddddd");
        assertThat(texts(history, "b")).isEmpty();
        assertThat(texts(history, "c")).containsExactly("CCCCCCCCCC", "dddddddddddddddddddd");
        history.keep(room("c"), 6, "e".repeat(30));
        assertThat(texts(history, "c")).as("alone, the room loses its oldest lines").containsExactly("e".repeat(30));
        assertThat(history.chars()).isEqualTo(30);
    }

    @Test
    void aRoomKeepsItsLastLinesAndTheCountFollows() {
        RecentLines history = new RecentLines(2, 1_000);
        for (String text : new String[] {"one", "two", "three"}) {
            history.keep(room("ops"), 0, text);
        }
        assertThat(texts(history, "ops")).containsExactly("two", "three");
        assertThat(history.chars()).isEqualTo(8);
    }
}
