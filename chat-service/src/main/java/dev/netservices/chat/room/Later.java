package dev.netservices.chat.room;

/**
 * Where the room puts what it sends after the datagram's own step is over: the answers that waited for the other
 * nodes (a join's room-wide claim, the member list of {@code /who}). The receive thread that handled the datagram
 * does not wait for them (a slow Redis must not hold up anyone's lines); they enter the datagram flow when they are
 * ready ({@code udp/SideEntry}).
 */
@FunctionalInterface
public interface Later {

    void send(Sends sends);
}
