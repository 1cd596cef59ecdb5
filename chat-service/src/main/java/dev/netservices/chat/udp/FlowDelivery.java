package dev.netservices.chat.udp;

import dev.netservices.chat.room.Delivery;
import dev.netservices.chat.room.Member;

import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

/**
 * The room's deliveries (fan-out, and notices to one member) as messages on the flow's outgoing channel, where
 * {@link DatagramSender} sends them like the replies. One message per fan-out, never one per recipient.
 * The channel is direct, so a line from a receive thread is fanned out on that thread, in order.
 */
public final class FlowDelivery implements Delivery {

    private final MessageChannel outgoing;

    public FlowDelivery(MessageChannel outgoing) {
        this.outgoing = outgoing;
    }

    @Override
    public void toMembers(byte[] payload, Member[] members, Member except) {
        if (members.length > 0) {
            outgoing.send(new GenericMessage<>(new Outgoing.ToMembers(payload, members, except)));
        }
    }

    @Override
    public void toMember(byte[] payload, Member member) {
        outgoing.send(new GenericMessage<>(new Outgoing.ToMembers(payload, new Member[] {member}, null)));
    }
}
