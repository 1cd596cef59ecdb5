package dev.netservices.chat.udp;

import java.net.InetSocketAddress;

import dev.netservices.chat.room.ChatCommand;

/** A datagram once decoded: who sent it, the command it holds, and whether it ended in a newline. */
public record Received(InetSocketAddress from, ChatCommand command, boolean lineEnded) {
}
