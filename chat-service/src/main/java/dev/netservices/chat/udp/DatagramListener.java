package dev.netservices.chat.udp;

/** Told about the datagrams the flow receives and sends, on the thread that did it: must be quick and must not block. */
public interface DatagramListener {

    /** One datagram received. */
    void received();

    /** Datagrams sent for one {@code Outgoing} (a reply: one; a fan-out: one per recipient), and the sends that failed. */
    void sent(int datagrams, int failed);

    /** One fan-out done: the time from its first send to its last. */
    void fannedOut(long nanos);

    /**
     * One datagram handled: the time from its receipt to the last send of what it caused on the receiving thread
     * (the reply, the fan-out to this node's members, the hand-over to the relay).
     */
    void delivered(long nanos);
}
