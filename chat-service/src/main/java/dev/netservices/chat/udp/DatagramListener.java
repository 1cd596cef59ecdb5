package dev.netservices.chat.udp;

/** Told about the datagrams the flow receives and sends, on the thread that did it: must be quick and must not block. */
public interface DatagramListener {

    /** One datagram received. */
    void received();

    /** Datagrams sent for one {@code Outgoing} (a reply: one; a fan-out: one per recipient), and the sends that failed. */
    void sent(int datagrams, int failed);

    /** One fan-out done: the time from its first send to its last. */
    void fannedOut(long nanos);
}
