package dev.netservices.common.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;

/**
 * A bound TCP port and the one platform thread that accepts on it, handing every new connection
 * (blocking, as accepted) to the server's callback.
 *
 * <p>What every TCP server here needs and gets wrong when each writes its own: {@code SO_REUSEADDR} so a
 * restart does not wait out TIME_WAIT, an explicit backlog, and a loop that survives accept failures.
 * When accept fails (typically "too many open files") the loop backs off for {@link #ERROR_BACKOFF}
 * instead of spinning, and warns at most once per {@link #WARNING_INTERVAL} with the number of failures
 * since the last warning, so descriptor exhaustion cannot flood the log. Connections that cannot be
 * accepted meanwhile wait in the kernel's backlog; they are accepted once descriptors are free again.
 */
public final class TcpAcceptor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpAcceptor.class);
    static final Duration ERROR_BACKOFF = Duration.ofMillis(50);
    static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

    private final String serverName;
    private final ServerSocketChannel channel;
    private final int port;
    private final ServiceClock clock;
    private Thread thread;
    private long failuresSinceWarning;
    private long lastWarningNanos;
    private boolean warnedOnce;

    private TcpAcceptor(String serverName, ServerSocketChannel channel, ServiceClock clock) {
        this.serverName = serverName;
        this.channel = channel;
        this.port = RemoteAddress.localPortOf(channel);
        this.clock = clock;
    }

    /**
     * Binds {@code port} on every interface (0: any free port).
     *
     * @throws java.net.BindException when the port is taken
     */
    public static TcpAcceptor bind(String serverName, int port, int backlog, ServiceClock clock) throws IOException {
        return bind(serverName, null, port, backlog, clock);
    }

    /**
     * Binds {@code port} on {@code address} only ({@code null}: every interface; port 0: any free port).
     *
     * @throws java.net.BindException when the port is taken, or the address is not one of this host's
     */
    public static TcpAcceptor bind(String serverName, InetAddress address, int port, int backlog, ServiceClock clock) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(address, port), backlog);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new TcpAcceptor(serverName, channel, clock);
    }

    /** The port actually bound. */
    public int port() {
        return port;
    }

    /** Starts the thread {@code <server>-accept}, which calls {@code onAccepted} for each connection until {@link #close()}. */
    public synchronized void start(Consumer<SocketChannel> onAccepted) {
        if (thread != null) {
            throw new IllegalStateException("the acceptor of " + serverName + " is already started");
        }
        thread = Thread.ofPlatform().name(serverName + "-accept").start(() -> acceptLoop(onAccepted));
    }

    private void acceptLoop(Consumer<SocketChannel> onAccepted) {
        while (true) {
            SocketChannel connection;
            try {
                connection = channel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                acceptFailed(e);
                continue;
            }
            try {
                onAccepted.accept(connection);
            } catch (RuntimeException e) {
                // one connection's trouble must not end the accept loop for everybody else
                log.warn("{}: a new connection could not be set up: {}", serverName, e.toString());
                QuietClose.close(connection);
            }
        }
    }

    private void acceptFailed(IOException e) {
        failuresSinceWarning++;
        long now = clock.nanoTime();
        if (!warnedOnce || now - lastWarningNanos >= WARNING_INTERVAL.toNanos()) {
            log.warn("{}: accept failed {} time(s) in the last {}s, backing off: {}", serverName, failuresSinceWarning,
                    warnedOnce ? WARNING_INTERVAL.toSeconds() : 0, e.toString());
            warnedOnce = true;
            lastWarningNanos = now;
            failuresSinceWarning = 0;
        }
        try {
            Thread.sleep(ERROR_BACKOFF.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the port (new connections are refused by the kernel from now on) and waits briefly for the thread. */
    @Override
    public synchronized void close() {
        QuietClose.close(channel);
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
