package dev.netservices.chat.udp;

import java.net.DatagramPacket;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;
import org.springframework.integration.support.MessageBuilder;

/**
 * The receive step of the chat flow: one Spring Integration {@link UnicastReceivingChannelAdapter} per receive
 * socket, all feeding this one source, so the flow starts in one place however many sockets there are.
 *
 * <p>Why several sockets: they share the chat port ({@code SO_REUSEPORT}) and the kernel picks one by the
 * sender's address, so one sender always lands on the same socket and thread (its lines stay in order) while
 * different senders are handled in parallel. A Spring Integration adapter reads one socket; sharing a port is
 * a matter of how the socket is opened, which {@link ChatServer} does (it must fail start-up on a taken port),
 * and each adapter is then given its socket through {@link UnicastReceivingChannelAdapter#setSocket}: a plain
 * JDK {@link DatagramChannel}'s own socket, so the fan-out can send through the same channel.
 *
 * <p>Each adapter's executor runs its receive loop on a thread of its own and every datagram on that thread
 * ({@link ReceiveLoopExecutor}): no thread switch between receiving a line and fanning it out.
 *
 * <p>Not started with the context: {@link ChatServer} starts it once the sockets are bound.
 */
public final class ChatReceivers extends MessageProducerSupport implements ApplicationEventPublisherAware {

    private final int maxDatagramBytes;
    private final Consumer<DatagramChannel> onReceiveThread;
    private final List<UnicastReceivingChannelAdapter> adapters = new ArrayList<>();
    private List<DatagramChannel> sockets = List.of();
    private ApplicationEventPublisher events;

    /** {@code onReceiveThread} runs first on each receive thread, with the socket that thread reads. */
    public ChatReceivers(int maxDatagramBytes, Consumer<DatagramChannel> onReceiveThread) {
        this.maxDatagramBytes = maxDatagramBytes;
        this.onReceiveThread = onReceiveThread;
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
            UnicastReceivingChannelAdapter adapter = new EmptyDatagramsToo(socket.socket().getLocalPort());
            adapter.setBeanName(getComponentName() + "-" + i);
            adapter.setSocket(socket.socket());
            adapter.setLookupHost(false);
            // One byte more than allowed, so that a longer datagram shows up as longer instead of cut short.
            adapter.setReceiveBufferSize(maxDatagramBytes + 1);
            adapter.setTaskExecutor(new ReceiveLoopExecutor("chat-udp-" + i, () -> onReceiveThread.accept(socket)));
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
     * The adapter's mapper drops a zero-length datagram without a word, and the protocol answers every malformed
     * datagram; so through the adapter's {@code doSend} extension point an empty one goes down the flow too.
     */
    private static final class EmptyDatagramsToo extends UnicastReceivingChannelAdapter {

        EmptyDatagramsToo(int port) {
            super(port);
        }

        @Override
        protected void doSend(DatagramPacket packet) {
            if (packet.getLength() > 0) {
                super.doSend(packet);
                return;
            }
            sendMessage(MessageBuilder.withPayload(new byte[0])
                    .setHeader(IpHeaders.PACKET_ADDRESS, packet.getSocketAddress())
                    .build());
        }
    }
}
