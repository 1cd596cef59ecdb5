package dev.netservices.chat.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * The receive step of the chat flow: one Spring Integration {@link UnicastReceivingChannelAdapter} per receive
 * socket, all feeding this one source, so the flow starts in one place however many sockets there are.
 *
 * <p>Why several sockets: they share the chat port ({@code SO_REUSEPORT}) and the kernel picks one by the
 * sender's address, so one sender always lands on the same socket and thread (its lines stay in order) while
 * different senders are handled in parallel. A Spring Integration adapter reads one socket; sharing a port is
 * a matter of how the socket is opened, which {@link ChatSockets} does (it must fail start-up on a taken port),
 * and each adapter is then given its socket through {@link UnicastReceivingChannelAdapter#setSocket}: a plain
 * JDK {@link DatagramChannel}'s own socket, so that the flow's last step can answer through the same channel.
 * Each message names that channel in the {@link ChatFlowConfiguration#SOCKET} header.
 *
 * <p>Each adapter's executor runs its receive loop on a thread of its own and every datagram on that thread
 * ({@link ReceiveLoopExecutor}): no thread switch between receiving a line and fanning it out. The whole flow of a
 * datagram runs inside its hand-off, which is where {@link InFlight} counts it.
 *
 * <p>Not started with the context: {@link ChatServer} starts it once the sockets are bound.
 */
final class ChatReceivers extends MessageProducerSupport implements ApplicationEventPublisherAware {

    private static final Logger log = LoggerFactory.getLogger(ChatReceivers.class);

    private final int maxDatagramBytes;
    private final InFlight inFlight;
    private final DatagramListener listener;
    private final ServiceClock clock;
    private final List<UnicastReceivingChannelAdapter> adapters = new ArrayList<>();
    private List<DatagramChannel> sockets = List.of();
    private ApplicationEventPublisher events;

    ChatReceivers(int maxDatagramBytes, InFlight inFlight, DatagramListener listener, ServiceClock clock) {
        this.maxDatagramBytes = maxDatagramBytes;
        this.inFlight = inFlight;
        this.listener = listener;
        this.clock = clock;
        setAutoStartup(false);
    }

    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher events) {
        this.events = events;
    }

    /** The bound sockets to read once started. */
    void receiveFrom(List<DatagramChannel> boundSockets) {
        this.sockets = List.copyOf(boundSockets);
    }

    @Override
    protected void doStart() {
        for (int i = 0; i < sockets.size(); i++) {
            DatagramChannel socket = sockets.get(i);
            UnicastReceivingChannelAdapter adapter = new SocketDatagrams(socket, maxDatagramBytes, inFlight, listener, clock);
            adapter.setBeanName(getComponentName() + "-" + i);
            adapter.setSocket(socket.socket());
            adapter.setLookupHost(false);
            // One byte more than allowed, so that a longer datagram shows up as longer instead of cut short.
            adapter.setReceiveBufferSize(maxDatagramBytes + 1);
            adapter.setTaskExecutor(new ReceiveLoopExecutor("chat-udp-" + i));
            adapter.setOutputChannel(getOutputChannel());
            adapter.setBeanFactory(getBeanFactory());
            adapter.setApplicationEventPublisher(events);
            adapter.afterPropertiesSet();
            adapters.add(adapter);
            adapter.start();
        }
    }

    @Override
    protected void doStop() {
        adapters.forEach(UnicastReceivingChannelAdapter::stop);
        adapters.clear();
    }

    /**
     * One socket's adapter, through its {@code doSend} extension point: each datagram becomes a message with the
     * sender's address and the socket it came in on (the adapter's own mapper knows no such header, and drops a
     * zero-length datagram without a word, while the protocol answers every malformed datagram).
     */
    private static final class SocketDatagrams extends UnicastReceivingChannelAdapter {

        private final DatagramChannel socket;
        private final InFlight inFlight;
        private final DatagramListener listener;
        private final ServiceClock clock;
        /** Read by the adapter's one receive thread only. */
        private final ByteBuffer received;

        SocketDatagrams(DatagramChannel socket, int maxDatagramBytes, InFlight inFlight, DatagramListener listener, ServiceClock clock) {
            super(socket.socket().getLocalPort());
            // One byte more than allowed, so that a longer datagram shows up as longer instead of cut short.
            this.received = ByteBuffer.allocateDirect(maxDatagramBytes + 1);
            this.socket = socket;
            this.inFlight = inFlight;
            this.listener = listener;
            this.clock = clock;
        }

        /**
         * One datagram from the channel itself, into a buffer kept for the loop, as a packet of exactly its length.
         * The adapter's own receive allocated a packet of the largest datagram per datagram and read it through the
         * channel's socket adaptor (a lock and a copy more); the profile of a line showed both.
         */
        @Override
        protected DatagramPacket receive() throws IOException {
            ByteBuffer buffer = received.clear();
            SocketAddress from;
            try {
                from = socket.receive(buffer);
            } catch (ClosedChannelException closed) {
                // What the adapter's loop takes as the end of its socket (it stops), as the socket adaptor threw.
                SocketException ended = new SocketException("the chat socket is closed");
                ended.initCause(closed);
                throw ended;
            }
            byte[] payload = new byte[buffer.flip().remaining()];
            buffer.get(payload);
            return new DatagramPacket(payload, payload.length, from);
        }

        @Override
        protected void doSend(DatagramPacket packet) {
            // The packet is exactly the datagram (receive above); the headers as a map, without a builder's checks.
            Map<String, Object> headers = HashMap.newHashMap(2);
            headers.put(IpHeaders.PACKET_ADDRESS, packet.getSocketAddress());
            headers.put(ChatFlowConfiguration.SOCKET, socket);
            Message<byte[]> message = new GenericMessage<>(packet.getData(), headers);
            long received = clock.nanoTime();
            inFlight.enter();
            try {
                // The whole flow runs on this thread: when it returns, the last send the datagram caused is done.
                sendMessage(message);
                listener.delivered(clock.nanoTime() - received);
            } catch (RuntimeException e) {
                log.error("a datagram from {} failed in the flow", packet.getSocketAddress(), e);
            } finally {
                inFlight.leave();
            }
        }
    }
}
