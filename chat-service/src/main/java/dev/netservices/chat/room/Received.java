package dev.netservices.chat.room;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetSocketAddress;

/** A datagram once decoded: who sent it, the command it holds, and whether it ended in a newline. */
public record Received(InetSocketAddress from, ChatCommand command, boolean lineEnded) {

    /** {@code text} back to the sender, ending in a newline exactly when the datagram it answers did. */
    Outgoing reply(String text) {
        return new Outgoing((lineEnded ? text + "\n" : text).getBytes(UTF_8), new Outgoing.Sender(from));
    }
}
