package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.net.RemoteAddress;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.http.Body;
import dev.netservices.web.http.Header;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.http.KeepAlive;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.ResponseHead;
import dev.netservices.web.http.Status;

/**
 * The answer to a connection past {@code maxConnections} in total or {@code maxConnectionsPerAddress} from its
 * address, given by the acceptor so that the loops never see it: on the plain port a 503 with
 * {@code Retry-After} naming the limit, on the TLS port a bare close (a plain-text 503 before a handshake would
 * be noise to a TLS client). The 503 reaches the access log and metrics like any exchange.
 */
final class OverloadRefusal {

    private final int maxConnections;
    private final int maxConnectionsPerAddress;
    private final boolean tls;
    private final ServiceClock clock;
    private final HttpDate dates;
    private final ExchangeListener listener;

    OverloadRefusal(ConnectionSetup setup) {
        this.maxConnections = setup.limits().maxConnections();
        this.maxConnectionsPerAddress = setup.limits().maxConnectionsPerAddress();
        this.tls = setup.tls() != null;
        this.clock = setup.clock();
        this.dates = setup.dates();
        this.listener = setup.listener();
    }

    /**
     * Written on the acceptor thread while the channel is still blocking: a fresh socket always has room
     * for these few bytes, so the write cannot stall the acceptor.
     */
    void refuse(SocketChannel channel, Refusal why) {
        if (tls) {
            QuietClose.close(channel);
            return;
        }
        String remote = RemoteAddress.hostOf(channel);
        String limit = why == Refusal.CONNECTIONS_PER_ADDRESS
                ? "more than " + maxConnectionsPerAddress + " open connections from your address"
                : "more than " + maxConnections + " open connections";
        Response response = Response.error(Status.SERVICE_UNAVAILABLE, limit, new Header("Retry-After", "1"));
        ByteBuffer body = ((Body.Bytes) response.body()).content().duplicate();
        long bodyBytes = body.remaining();
        try {
            channel.write(new ByteBuffer[] {ResponseHead.encode(response, dates.now(), KeepAlive.CLOSE), body});
            channel.shutdownOutput();
        } catch (IOException ignored) {
            // the client is gone already
        }
        QuietClose.close(channel);
        listener.exchanged(new Exchange(remote, "-", Status.SERVICE_UNAVAILABLE.code(), bodyBytes, 0, clock.now()));
    }
}
