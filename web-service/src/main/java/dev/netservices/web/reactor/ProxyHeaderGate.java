package dev.netservices.web.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.ProxyHeader;
import dev.netservices.common.net.ProxyHeader.TrustedProxies;
import dev.netservices.common.net.QuietClose;
import dev.netservices.common.time.ServiceClock;

/**
 * Reads the PROXY protocol v2 header that a trusted balancer ({@code web.proxy-protocol.trusted}) sends first on
 * each connection, before the connection is admitted: the address in it is then the one the connection limits,
 * the TLS handshake caps and the access log see. One thread with its own Selector per port, so neither the
 * acceptor nor an event loop waits for a header. It reads exactly the header's bytes (16, then the length it
 * announces), never past them, so what follows (a request, a ClientHello) is still in the socket for the
 * connection. A trusted peer whose connection does not start with a valid header within {@code web.header-timeout}
 * is closed and counted as {@link Refusal#PROXY_HEADER}; refusals are logged at most once a minute, with their count.
 */
final class ProxyHeaderGate implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxyHeaderGate.class);
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final TrustedProxies trusted;
    private final ServiceClock clock;
    private final long timeoutNanos;
    private final ServerStats stats;
    private final BiConsumer<SocketChannel, String> admit;
    private final Selector selector;
    private final Queue<SocketChannel> incoming = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean open = true;
    private long lastLogNanos;
    private long unloggedRefusals;
    private boolean loggedOnce;

    /** A connection whose header is being read: what was read so far (the buffer holds exactly what is needed). */
    private record Pending(ByteBuffer header, long deadlineNanos) {
    }

    /** @param admit called on the gate's thread with the channel and the client's address from the header */
    ProxyHeaderGate(String name, TrustedProxies trusted, ServiceClock clock, long timeoutNanos, ServerStats stats,
            BiConsumer<SocketChannel, String> admit) throws IOException {
        this.trusted = trusted;
        this.clock = clock;
        this.timeoutNanos = timeoutNanos;
        this.stats = stats;
        this.admit = admit;
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().daemon().name(name + "-proxy-header").start(this::run);
    }

    /** True when a connection from {@code peer} must start with a header (and so goes through {@link #hand}). */
    boolean trusts(InetSocketAddress peer) {
        return peer != null && trusted.contains(peer.getAddress());
    }

    void hand(SocketChannel channel) {
        incoming.add(channel);
        selector.wakeup();
    }

    private void run() {
        try {
            while (open) {
                // wakes at least every 250 ms to close connections past their deadline
                selector.select(250);
                registerIncoming();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    readHeader(key);
                }
                expire();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (open) {
                log.error("PROXY protocol header reader stopped", e);
            }
        } finally {
            for (SelectionKey key : selector.keys()) {
                QuietClose.close(key.channel());
            }
            incoming.forEach(QuietClose::close);
            try {
                selector.close();
            } catch (IOException e) {
                // nothing left to serve
            }
        }
    }

    private void registerIncoming() {
        SocketChannel channel;
        while ((channel = incoming.poll()) != null) {
            try {
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ,
                        new Pending(ByteBuffer.allocate(ProxyHeader.FIXED_LENGTH), clock.nanoTime() + timeoutNanos));
            } catch (IOException e) {
                QuietClose.close(channel);
            }
        }
    }

    private void readHeader(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        Pending pending = (Pending) key.attachment();
        ByteBuffer header = pending.header();
        try {
            if (channel.read(header) < 0) {
                refuse(key, "closed before its PROXY header");
                return;
            }
        } catch (IOException e) {
            refuse(key, "failed while sending its PROXY header: " + e.getMessage());
            return;
        }
        ProxyHeader.Parse parse = ProxyHeader.parse(header.duplicate().flip());
        switch (parse) {
            case ProxyHeader.NeedMore more -> {
                if (more.atLeast() > header.capacity()) {
                    // the fixed part told the length: read exactly the rest of the header, nothing of what follows
                    key.attach(new Pending(ByteBuffer.allocate(more.atLeast()).put(header.flip()), pending.deadlineNanos()));
                }
            }
            case ProxyHeader.Parsed parsed -> pass(key, parsed.source().getAddress());
            case ProxyHeader.Local local -> pass(key, ((InetSocketAddress) peerOf(channel)).getAddress());
            case ProxyHeader.Invalid invalid -> refuse(key, "sent no valid PROXY header: " + invalid.reason());
        }
    }

    private static Object peerOf(SocketChannel channel) {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return new InetSocketAddress(0);
        }
    }

    private void pass(SelectionKey key, InetAddress client) {
        key.cancel();
        admit.accept((SocketChannel) key.channel(), client.getHostAddress());
    }

    private void expire() {
        long now = clock.nanoTime();
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Pending pending && now - pending.deadlineNanos() >= 0) {
                refuse(key, "sent no PROXY header within the header timeout");
            }
        }
    }

    private void refuse(SelectionKey key, String why) {
        key.cancel();
        SocketChannel channel = (SocketChannel) key.channel();
        Object peer = peerOf(channel);
        QuietClose.close(channel);
        stats.refusedBy(Refusal.PROXY_HEADER);
        unloggedRefusals++;
        long now = clock.nanoTime();
        if (!loggedOnce || now - lastLogNanos >= LOG_INTERVAL_NANOS) {
            log.warn("Refused {} connection(s) from trusted proxies without a valid PROXY protocol v2 header; the last: {} {}",
                    unloggedRefusals, peer, why);
            loggedOnce = true;
            lastLogNanos = now;
            unloggedRefusals = 0;
        }
    }

    @Override
    public void close() {
        open = false;
        selector.wakeup();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
