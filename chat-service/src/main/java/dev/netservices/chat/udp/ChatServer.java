package dev.netservices.chat.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.ChatProperties;
import dev.netservices.chat.room.Room;
import dev.netservices.common.server.ProtocolServer;

import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.dsl.context.IntegrationFlowContext.IntegrationFlowRegistration;
import org.springframework.integration.ip.dsl.Udp;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;

/**
 * The chat room's UDP endpoint as a {@link ProtocolServer}: common's lifecycle binds it once the context has
 * started and drains it on shutdown; its health shows the port and the members.
 *
 * <p>Receiving: {@code chat.receivers} sockets share the chat port ({@code SO_REUSEPORT}); the kernel picks
 * the socket by the sender's address, so one sender always lands on the same socket and thread (arrival
 * order kept) while different senders spread over the threads (parallel). Each socket feeds its own
 * {@code Udp.inboundAdapter}, registered here into the chat flow when the server binds.
 *
 * <p>It creates the sockets itself so that a taken port fails {@link #bind()} with a
 * {@link java.net.BindException} (the adapter would only log it on its own thread).
 */
public class ChatServer implements ProtocolServer {

    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);
    /** Kernel receive queue per socket: absorbs bursts while its thread fans out. */
    private static final int SOCKET_RECEIVE_BUFFER = 1 << 20;

    private final IntegrationFlowContext flows;
    private final DatagramHandler handler;
    private final SocketDelivery delivery;
    private final Room room;
    private final ChatProperties properties;
    private final List<ChatSocket> sockets = new CopyOnWriteArrayList<>();
    private final List<IntegrationFlowRegistration> receivers = new ArrayList<>();
    private volatile int port = -1;
    private volatile ScheduledExecutorService idleSweep;
    private volatile boolean accepting;

    ChatServer(IntegrationFlowContext flows, DatagramHandler handler, SocketDelivery delivery, Room room,
            ChatProperties properties) {
        this.flows = flows;
        this.handler = handler;
        this.delivery = delivery;
        this.room = room;
        this.properties = properties;
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
        return properties.port();
    }

    @Override
    public synchronized void bind() throws IOException {
        boolean shareable = DatagramChannel.open().supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        int count = shareable ? properties.effectiveReceivers() : 1;
        int bound = reservePort(properties.port());
        try {
            for (int i = 0; i < count; i++) {
                DatagramChannel channel = DatagramChannel.open();
                if (count > 1) {
                    channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_RECEIVE_BUFFER);
                channel.bind(new InetSocketAddress(bound));
                ChatSocket socket = new ChatSocket(channel, from -> {
                    byte[] reply = handler.emptyDatagram(from);
                    if (reply != null) {
                        delivery.send(reply, from);
                    }
                });
                sockets.add(socket);
                receivers.add(register(i, socket, bound));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        delivery.attach(sockets.getFirst());
        port = bound;
        awaitListening();
        accepting = true;
        room.startAccepting();
        Duration period = sweepPeriod(properties.idleTimeout());
        idleSweep = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("chat-idle-sweep").daemon(true).factory());
        idleSweep.scheduleAtFixedRate(this::sweep, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        log.debug("chat server receiving on {} socket(s)", count);
    }

    /**
     * Binds the port alone, without {@code SO_REUSEPORT}, and lets it go: a port held by anyone, even another
     * chat server that would share it, fails here with a BindException; port 0 becomes a concrete free port.
     */
    private static int reservePort(int wanted) throws IOException {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(wanted));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    private IntegrationFlowRegistration register(int index, ChatSocket socket, int bound) {
        IntegrationFlow receiver = IntegrationFlow.from(Udp.inboundAdapter(bound)
                        .id("chatIn-" + index)
                        .socket(socket)
                        .lookupHost(false)
                        // One byte more than allowed, so that a longer datagram shows up as longer instead of cut short.
                        .receiveBufferSize(properties.maxDatagramBytes() + 1)
                        .taskExecutor(new ReceiveLoopExecutor("chat-udp-" + index, () -> delivery.adopt(socket))))
                .channel(ChatFlowConfiguration.DATAGRAMS)
                .get();
        return flows.registration(receiver).id("chatReceiver-" + index).register();
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (IntegrationFlowRegistration receiver : receivers) {
            UnicastReceivingChannelAdapter adapter = adapterOf(receiver);
            while (!adapter.isListening()) {
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IOException("the UDP receive loops did not start within 10s");
                }
                Thread.onSpinWait();
                Thread.yield();
            }
        }
    }

    private static UnicastReceivingChannelAdapter adapterOf(IntegrationFlowRegistration receiver) {
        return receiver.getIntegrationFlow().getIntegrationComponents().keySet().stream()
                .filter(UnicastReceivingChannelAdapter.class::isInstance)
                .map(UnicastReceivingChannelAdapter.class::cast)
                .findFirst().orElseThrow();
    }

    /** Often enough that a member is removed at most a quarter of the timeout late, never more often than 20 times a second. */
    static Duration sweepPeriod(Duration idleTimeout) {
        long quarter = idleTimeout.toMillis() / 4;
        return Duration.ofMillis(Math.clamp(quarter, 50, 15_000));
    }

    private void sweep() {
        try {
            int removed = room.removeIdle(Instant.now()).size();
            if (removed > 0) {
                log.info("removed {} idle member(s) after {}", removed, properties.idleTimeout());
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
        return accepting && port > 0 && sockets.stream().noneMatch(ChatSocket::isClosed);
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
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        // Members are not connections that end by themselves: draining means finishing the datagrams in hand.
        return handler.awaitIdle(timeout);
    }

    @Override
    public synchronized void close() {
        accepting = false;
        port = -1;
        ScheduledExecutorService sweep = idleSweep;
        if (sweep != null) {
            sweep.shutdownNow();
        }
        for (IntegrationFlowRegistration receiver : receivers) {
            receiver.destroy();
        }
        receivers.clear();
        sockets.forEach(ChatSocket::close);
        sockets.clear();
    }
}
