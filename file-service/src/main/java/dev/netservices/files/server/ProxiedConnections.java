package dev.netservices.files.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import dev.netservices.common.net.ProxyHeader;
import dev.netservices.common.net.RemoteAddress;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.session.Conduit;
import dev.netservices.files.session.ProxyRefusals;

/**
 * Connections from a trusted proxy ({@code files.proxy-protocol.trusted}) before they are admitted: each must start
 * with a PROXY protocol v2 header, read here right after accept and before anything else (the greeting, the TLS
 * handshake), on a thread of its own so the accept loop never waits for a proxy. The header's address is
 * the client's for the per-address session limit, the login budgets and the log lines; a LOCAL header (the proxy's
 * own health check) keeps the proxy's. A connection whose header is invalid, or missing by the first-command
 * deadline (counted from accept, enforced by {@link #tick()} on the sessions' watchdog), is refused and closed.
 *
 * <p>The channel is read exactly up to the header's end, never past it: what follows belongs to the session.
 */
final class ProxiedConnections {

    private final String name;
    private final ProxyRefusals refusals;
    private final ServiceClock clock;
    private final Duration deadline;
    // connection -> when it was accepted (clock nanos), while its header is being read
    private final Map<Conduit, Long> reading = new ConcurrentHashMap<>();

    ProxiedConnections(String name, ProxyRefusals refusals, ServiceClock clock, Duration deadline) {
        this.name = name;
        this.refusals = refusals;
        this.clock = clock;
        this.deadline = deadline;
    }

    /** Reads the header, then hands the connection and its client's address to {@code admit}; or refuses it. */
    void readHeader(Conduit conduit, InetSocketAddress proxy, BiConsumer<Conduit, InetSocketAddress> admit) {
        reading.put(conduit, clock.nanoTime());
        // A platform thread, not a virtual one: a virtual thread's read would switch the socket to non-blocking mode for
        // good, and the session's zero-copy downloads (transferTo) need it blocking.
        Thread.ofPlatform().daemon().name(name + "-proxy-header").start(() -> {
            InetSocketAddress client;
            try {
                client = clientOf(conduit, proxy);
            } finally {
                reading.remove(conduit);
            }
            if (client != null) {
                admit.accept(conduit, client);
            }
        });
    }

    private InetSocketAddress clientOf(Conduit conduit, InetSocketAddress proxy) {
        ByteBuffer header = ByteBuffer.allocate(ProxyHeader.MAX_LENGTH);
        try {
            while (true) {
                switch (ProxyHeader.parse(header.duplicate().flip())) {
                    case ProxyHeader.NeedMore more -> {
                        header.limit(more.atLeast());
                        if (conduit.channel().read(header) < 0) {
                            return refused(conduit, proxy, "the connection ended before its PROXY header did");
                        }
                    }
                    case ProxyHeader.Parsed parsed -> {
                        return parsed.source();
                    }
                    case ProxyHeader.Local local -> {
                        return proxy;
                    }
                    case ProxyHeader.Invalid invalid -> {
                        return refused(conduit, proxy, "no valid PROXY header from a trusted proxy: " + invalid.reason());
                    }
                }
            }
        } catch (IOException e) {
            // closed by tick() at the deadline, or reset by the proxy
            return refused(conduit, proxy, "no PROXY header within " + deadline.toMillis() + " ms of connecting (" + e + ")");
        }
    }

    private InetSocketAddress refused(Conduit conduit, InetSocketAddress proxy, String reason) {
        refusals.refused(RemoteAddress.hostAndPort(proxy), reason);
        conduit.close();
        return null;
    }

    /** Closes the connections whose header is not complete by the first-command deadline; their readers then refuse them. */
    void tick() {
        long now = clock.nanoTime();
        reading.forEach((conduit, acceptedAt) -> {
            if (now - acceptedAt > deadline.toNanos()) {
                conduit.close();
            }
        });
    }

    /** Closes every connection still being read (at shutdown). */
    void closeAll() {
        reading.keySet().forEach(Conduit::close);
    }
}
