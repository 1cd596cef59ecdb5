package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.cluster.RelayMessage.Kind;

class RelayMessageTest {

    @Test
    void aBatchCarriesItsMessagesInOrder() {
        List<RelayMessage> sent = List.of(new RelayMessage("node-a", 1, Kind.LINE, "alice : one"),
                new RelayMessage("node-a", 2, Kind.REMOVE, "bob"), new RelayMessage("node-a", 3, Kind.LINE, "alice : three\ttabbed"));

        String publication = RelayMessage.encodeBatch(sent.stream().map(RelayMessage::encode).toList());

        assertThat(RelayMessage.decodeBatch(publication)).containsExactlyElementsOf(sent);
    }

    @Test
    void aBatchOfOneIsTheMessageItselfAsOlderNodesPublishIt() {
        RelayMessage message = new RelayMessage("node-a", 42, Kind.LINE, "alice : hi");

        assertThat(RelayMessage.encodeBatch(List.of(message.encode()))).isEqualTo(message.encode());
        assertThat(RelayMessage.decodeBatch(message.encode())).containsExactly(message);
    }

    @Test
    void whatIsNotARelayMessageIsLeftOutOfABatch() {
        String publication = "hello from another program\u001e" + new RelayMessage("node-b", 7, Kind.LINE, "x").encode()
                + "\u001enode-b\u001fnot-a-time\u001fLINE\u001fy\u001e";

        assertThat(RelayMessage.decodeBatch(publication)).containsExactly(new RelayMessage("node-b", 7, Kind.LINE, "x"));
    }
}
