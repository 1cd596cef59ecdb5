package dev.netservices.chat.udp;

import dev.netservices.chat.room.Sends;

import org.springframework.integration.annotation.MessagingGateway;

/**
 * The datagram flow's entry for what the room sends off the receive path: the admin's announcements and removals,
 * the idle sweep, a dead node's departures. A Spring Integration gateway (found by {@link ChatFlowConfiguration}'s
 * component scan): each call puts one message on {@code chatOut}, sent on the caller's thread from the chat port,
 * like a reply.
 */
@MessagingGateway(name = "chatSideEntry", defaultRequestChannel = ChatFlowConfiguration.OUT)
public interface SideEntry {

    void send(Sends sends);
}
