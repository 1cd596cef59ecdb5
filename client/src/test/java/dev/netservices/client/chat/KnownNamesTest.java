package dev.netservices.client.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnownNamesTest {

    @Test
    void namesAreLearntFromWhoAnswersArrivalsSpeakersAndPrivateMessages() {
        KnownNames names = new KnownNames();
        names.heard("members (3): alice, bob, and 1 more");
        names.heard("carol entered #ops");
        names.heard("dave : hello there : friends");
        names.heard("(private) erin : psst");
        names.heard("成员（2）：小明, 小红");
        names.heard("the server said something else");
        assertThat(names.names()).containsExactly("alice", "bob", "carol", "dave", "erin", "小明", "小红");
    }
}
