package dev.netservices.chat.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.room.Room;
import dev.netservices.common.net.QuietClose;
import dev.netservices.common.server.ProtocolServer;
import dev.netservices.common.time.Deadline;

/**
 * The chat room's UDP endpoint as a {@link ProtocolServer}: common's lifecycle binds it once the context has
 * started and drains it on shutdown; its health shows the port and the members.
 *
 * <p>It opens the receive sockets itself, so that a taken port fails {@link #bind()} with a
 * {@link java.net.BindException} (an adapter would only log it on its own thread): {@code receivers} sockets
 * sharing the chat port ({@code SO_REUSEPORT}, where the platform has it; else one), handed to the flow's
 * {@link ChatReceivers} and {@link DatagramSender}. It also runs the idle sweep.
 */
public final class ChatServer implements ProtocolServer {

    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);
    /** Kernel receive queue per socket: absorbs bursts while its thread fans out. */
    private static final int SOCKET_RECEIVE_BUFFER = 1 << 20;

    private final ChatReceivers receivers;
    private final DatagramSender sender;
    private final RoomHandler roomHandler;
    private final Room room;
    private final int configuredPort;
    private final int receiveSockets;
    private final Duration idleTimeout;
    private volatile List<DatagramChannel> sockets = List.of();
    private volatile int port = -1;
    private volatile ScheduledExecutorService idleSweep;
    private volatile boolean accepting;

    public ChatServer(ChatReceivers receivers, DatagramSender sender, RoomHandler roomHandler, Room room,
            int configuredPort, int receiveSockets, Duration idleTimeout) {
        this.receivers = receivers;
        this.sender = sender;
        this.roomHandler = roomHandler;
        this.room = room;
        this.configuredPort = configuredPort;
        this.receiveSockets = receiveSockets;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String transport() {
        return "udp";
    }

    @Override
    public int configuredPort() {
        return configuredPort;
    }

    @Override
    public synchronized void bind() throws IOException {
        List<DatagramChannel> opened = new ArrayList<>();
        int bound;
        try {
            int count;
            // Bound alone first, without SO_REUSEPORT: a port held by anyone, even another chat server that would
            // share it, fails here with a BindException; port 0 becomes a concrete free port.
            try (DatagramChannel probe = DatagramChannel.open()) {
                count = probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT) ? receiveSockets : 1;
                probe.bind(new InetSocketAddress(configuredPort));
                bound = ((InetSocketAddress) probe.getLocalAddress()).getPort();
            }
            for (int i = 0; i < count; i++) {
                DatagramChannel socket = DatagramChannel.open();
                opened.add(socket);
                if (count > 1) {
                    socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                socket.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_RECEIVE_BUFFER);
                socket.bind(new InetSocketAddress(bound));
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(QuietClose::close);
            throw e;
        }
        // Bound is enough: the kernel queues what arrives before a receive thread reads, so nothing waits for them.
        sockets = List.copyOf(opened);
        sender.useByDefault(opened.getFirst());
        receivers.receiveFrom(opened);
        receivers.start();
        roomHandler.reopen();
        port = bound;
        accepting = true;
        room.startAccepting();
        Duration period = sweepPeriod(idleTimeout);
        idleSweep = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("chat-idle-sweep").daemon(true).factory());
        idleSweep.scheduleAtFixedRate(this::sweep, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        log.debug("chat server receiving on {} socket(s)", opened.size());
    }

    /** Often enough that a member is removed at most a quarter of the timeout late, never more often than 20 times a second. */
    static Duration sweepPeriod(Duration idleTimeout) {
        long quarter = idleTimeout.toMillis() / 4;
        return Duration.ofMillis(Math.clamp(quarter, 50, 15_000));
    }

    private void sweep() {
        try {
            int removed = room.removeIdle().size();
            if (removed > 0) {
                log.info("removed {} idle member(s) after {}", removed, idleTimeout);
            }
        } catch (RuntimeException e) {
            log.warn("idle sweep failed", e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean isServing() {
        List<DatagramChannel> now = sockets;
        return accepting && port > 0 && !now.isEmpty() && now.stream().allMatch(DatagramChannel::isOpen);
    }

    @Override
    public String sessionsLabel() {
        return "members";
    }

    @Override
    public int liveSessions() {
        return room.size();
    }

    @Override
    public void stopAccepting() {
        accepting = false;
        room.stopAccepting();
    }

    @Override
    public boolean awaitDrained(Deadline deadline) throws InterruptedException {
        // Members are not connections that end by themselves: draining means finishing the datagrams in hand.
        return roomHandler.awaitIdle(deadline.remaining());
    }

    @Override
    public synchronized void close() {
        accepting = false;
        port = -1;
        ScheduledExecutorService sweep = idleSweep;
        if (sweep != null) {
            sweep.shutdownNow();
        }
        receivers.stop();
        sender.useByDefault(null);
        sockets.forEach(QuietClose::close);
        sockets = List.of();
    }
}
