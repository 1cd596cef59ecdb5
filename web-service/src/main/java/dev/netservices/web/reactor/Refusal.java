package dev.netservices.web.reactor;

/**
 * Why a new connection was closed before it was served: which limit it met. Each is counted
 * ({@link ServerStats#refused}); the metric and its tag are the operator's names for the limit.
 */
public enum Refusal {

    /** {@code web.max-connections} (or the lower ceiling the heap allows) open in total. */
    MAX_CONNECTIONS("web.connections.refused", "max-connections"),
    /** {@code web.max-connections-per-address} open from the client's address on this port. */
    CONNECTIONS_PER_ADDRESS("web.connections.refused", "max-connections-per-address"),
    /** {@code web.tls.max-handshakes} TLS handshakes in progress on the event loop the connection was given to. */
    HANDSHAKES_PER_LOOP("web.tls.handshakes.refused", "max-handshakes"),
    /** {@code web.tls.max-handshakes-per-address} TLS handshakes in progress from the client's address. */
    HANDSHAKES_PER_ADDRESS("web.tls.handshakes.refused", "max-handshakes-per-address"),
    /** A peer in {@code web.proxy-protocol.trusted} that did not start with a valid PROXY protocol v2 header in time. */
    PROXY_HEADER("web.connections.refused", "proxy-protocol");

    private final String metric;
    private final String limit;

    Refusal(String metric, String limit) {
        this.metric = metric;
        this.limit = limit;
    }

    public String metric() {
        return metric;
    }

    /** The metric's {@code limit} tag: the setting's name without its prefix. */
    public String limit() {
        return limit;
    }
}
