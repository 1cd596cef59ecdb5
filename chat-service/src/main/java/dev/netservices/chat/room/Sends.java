package dev.netservices.chat.room;

import java.util.List;

/**
 * Everything the room sends after one event (a datagram, an admin action, the idle sweep, lines relayed from
 * another node), in the order to send it. The value the room returns and the payload the flow's outgoing step takes.
 */
public record Sends(List<Outgoing> outgoing) {

    public static final Sends NOTHING = new Sends(List.of());

    public Sends {
        outgoing = List.copyOf(outgoing);
    }

    public static Sends of(Outgoing one) {
        return new Sends(List.of(one));
    }

    public static Sends of(Outgoing first, Outgoing then) {
        return new Sends(List.of(first, then));
    }

    public boolean isEmpty() {
        return outgoing.isEmpty();
    }
}
