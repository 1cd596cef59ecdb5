package dev.netservices.chat.room;

/**
 * Where the room's notices go. On one node they go down the datagram flow to the chat socket
 * ({@code udp/FlowDelivery}); a room spread over nodes publishes each one to the others as well.
 *
 * <p>The payload is encoded once by the room and handed over as is, without a line end; an implementation
 * adds one for members that {@linkplain Member#wantsLineEnds() want lines} (prepared once per fan-out, not per
 * recipient) and otherwise does nothing per recipient but send.
 */
public interface Delivery {

    /** Sends {@code payload} to every member in {@code members} except {@code except} (which may be null). */
    void toMembers(byte[] payload, Member[] members, Member except);

    /** Sends {@code payload} to one member. */
    void toMember(byte[] payload, Member member);
}
