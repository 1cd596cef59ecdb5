package dev.netservices.web.reactor;

/**
 * One event loop's TLS handshakes in progress, at most {@code web.tls.max-handshakes} of them, and within the
 * port's {@code web.tls.max-handshakes-per-address} for each client address. A slot is taken before the
 * connection's SSLEngine exists and given back when the handshake ends or its connection closes. Only the
 * loop's thread takes and gives (the per-address counts are shared by the port's loops and safe for that).
 */
final class HandshakeSlots {

    private final int max;
    private final OpenPerAddress perAddress;
    private final ServerStats stats;
    private int inProgress;

    HandshakeSlots(int max, OpenPerAddress perAddress, ServerStats stats) {
        this.max = max;
        this.perAddress = perAddress;
        this.stats = stats;
    }

    /** Takes a slot for a handshake from {@code address}: null, or the limit met instead (nothing taken then). */
    Refusal take(String address) {
        if (inProgress >= max) {
            return Refusal.HANDSHAKES_PER_LOOP;
        }
        if (!perAddress.tryOpen(address)) {
            return Refusal.HANDSHAKES_PER_ADDRESS;
        }
        inProgress++;
        stats.handshakeBegan();
        return null;
    }

    void give(String address) {
        inProgress--;
        stats.handshakeEnded();
        perAddress.close(address);
    }

}
