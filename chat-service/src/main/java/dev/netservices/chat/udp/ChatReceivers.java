package dev.netservices.chat.udp;

import java.net.DatagramPacket;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

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
            UnicastReceivingChannelAdapter adapter = new SocketDatagrams(socket, inFlight, listener, clock);
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

        SocketDatagrams(DatagramChannel socket, InFlight inFlight, DatagramListener listener, ServiceClock clock) {
            super(socket.socket().getLocalPort());
            this.socket = socket;
            this.inFlight = inFlight;
            this.listener = listener;
            this.clock = clock;
        }

        @Override
        protected void doSend(DatagramPacket packet) {
            byte[] payload = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
            Message<byte[]> message = MessageBuilder.withPayload(payload)
                    .setHeader(IpHeaders.PACKET_ADDRESS, packet.getSocketAddress())
                    .setHeader(ChatFlowConfiguration.SOCKET, socket)
                    .build();
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
