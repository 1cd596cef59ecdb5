package dev.netservices.chat.cluster;

/** Told what the cluster's relay and Redis do, on the thread that did it: must be quick and must not block. */
public interface ClusterListener {

    /** One message relayed to the other nodes ({@code out}) or from them ({@code in}). */
    void relayed(String direction);

    /** One message arrived from another node {@code millis} after it was published there (wall clocks of both). */
    void relayTook(long millis);

    /** A relay publication, or one message of it, was refused on arrival; {@code reason} is a short stable word (see RelaySeal). */
    void relayRefused(String reason);

    /** One Redis operation failed; {@code operation} is a short stable word such as {@code publish} or {@code heartbeat}. */
    void redisFailed(String operation);
}
