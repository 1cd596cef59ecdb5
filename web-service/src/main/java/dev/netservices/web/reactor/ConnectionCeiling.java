package dev.netservices.web.reactor;

/**
 * The most connections the heap can hold, beside the most the operator allows ({@code web.max-connections}):
 * the limit in force is the lower of the two, logged at start and shown in the {@code reactor} health details.
 *
 * <p>How it is computed: half the maximum heap ({@code Runtime.maxMemory()}, i.e. {@code -Xmx} or the
 * container's share) divided by what one connection can be made to hold at worst. The other half is for
 * everything else (Spring, the actuator, gzip forms, garbage between collections). The worst cost of a TLS
 * connection is a client that has finished its handshake, asked for a large file with more requests pipelined
 * behind it, and stopped reading: two packets of records queued (33 KiB), the pipelined requests kept (up to the
 * loop's 32 KiB read buffer), the TLS session and the connection; HandshakeFloodAttackTest measures 72-75 KiB in
 * a service JVM. A plain connection at worst keeps a copy of the loop's read
 * buffer (pipelined requests, 32 KiB) and a head being parsed. With the TLS port open the TLS cost counts for
 * every connection, since the two ports share the one limit.
 *
 * @param configured         {@code web.max-connections}
 * @param maxHeapBytes       the JVM's maximum heap
 * @param bytesPerConnection the worst cost of one connection, as above
 * @param heapHolds          connections that fit in half the heap at that cost
 */
public record ConnectionCeiling(int configured, long maxHeapBytes, long bytesPerConnection, int heapHolds) {

    /** A TLS connection at worst: measured 72-75 KiB (HandshakeFloodAttackTest), with a margin. */
    public static final long TLS_CONNECTION_BYTES = 96 * 1024;
    /** A plain connection at worst: measured 28-29 KiB (HandshakeFloodAttackTest), with a margin. */
    public static final long PLAIN_CONNECTION_BYTES = 48 * 1024;

    public static ConnectionCeiling of(int configured, long maxHeapBytes, boolean tls) {
        long each = tls ? TLS_CONNECTION_BYTES : PLAIN_CONNECTION_BYTES;
        int holds = (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxHeapBytes / 2 / each));
        return new ConnectionCeiling(configured, maxHeapBytes, each, holds);
    }

    /** The limit in force. */
    public int effective() {
        return Math.min(configured, heapHolds);
    }

    /** For the start-up log line. */
    public String describe() {
        return "at most " + effective() + " connections (web.max-connections=" + configured + "; half of the "
                + maxHeapBytes / (1024 * 1024) + " MiB heap holds " + heapHolds + " at " + bytesPerConnection / 1024
                + " KiB each)";
    }
}
