package dev.netservices.chat.udp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.room.Member;
import dev.netservices.chat.room.Outgoing;
import dev.netservices.chat.room.Outgoing.Elsewhere;
import dev.netservices.chat.room.Outgoing.Everyone;
import dev.netservices.chat.room.Outgoing.Members;
import dev.netservices.chat.room.Outgoing.Sender;
import dev.netservices.chat.room.Sends;
import dev.netservices.common.time.ServiceClock;

import org.springframework.core.Ordered;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

/**
 * The flow's last step: the room's {@link Sends}, replies and fan-out alike, out of the chat port. Our own
 * {@link MessageHandler} rather than Spring Integration's UDP outbound adapter, because the fan-out is the hot path:
 * one message carries one line for all its recipients, the payload is copied once into a direct buffer (once with a
 * line end, once without) and per recipient nothing happens but the send. The outbound adapter takes one message per
 * datagram (a message, a header map and an expression per recipient) and delivered well under half of a bare loop's rate.
 *
 * <p>Every socket of the server is bound to the chat port, so whichever sends, the datagram leaves from the port the
 * members talk to. A datagram received on one socket is answered through that socket: the receive step names it in
 * the {@link ChatFlowConfiguration#SOCKET} header, which the flow carries down. What enters off the receive path (the
 * {@link SideEntry}, lines relayed from other nodes) has no such header and leaves through the first socket.
 */
final class DatagramSender implements MessageHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(DatagramSender.class);
    private static final int LARGEST_DATAGRAM = 65_507;

    private final DatagramListener listener;
    private final ServiceClock clock;
    // Scratch buffers, one pair per sending thread (one thread-local lookup per fan-out): the payload is copied into
    // each once per fan-out, and only into the one with a line end when a recipient wants it.
    private final ThreadLocal<ByteBuffer[]> scratch = ThreadLocal.withInitial(
            () -> new ByteBuffer[] {ByteBuffer.allocateDirect(LARGEST_DATAGRAM + 1), ByteBuffer.allocateDirect(LARGEST_DATAGRAM + 1)});
    private volatile DatagramChannel firstSocket;

    DatagramSender(DatagramListener listener, ServiceClock clock) {
        this.listener = listener;
        this.clock = clock;
    }

    /** The socket for what carries none of its own; null while the server is not bound. */
    void useByDefault(DatagramChannel socket) {
        this.firstSocket = socket;
    }

    /** Last of chatOut's subscribers: the relay to the other nodes goes first (see cluster/RelayOut). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void handleMessage(Message<?> message) {
        DatagramChannel socket = message.getHeaders().get(ChatFlowConfiguration.SOCKET, DatagramChannel.class);
        if (socket == null) {
            socket = firstSocket;
        }
        for (Outgoing outgoing : ((Sends) message.getPayload()).outgoing()) {
            switch (outgoing.recipients()) {
                case Sender sender -> reply(socket, outgoing.datagram(), sender);
                case Members members -> fanOut(socket, outgoing.datagram(), members.members(), members.except());
                case Everyone everyone -> fanOut(socket, outgoing.datagram(), everyone.here(), everyone.except());
                case Elsewhere elsewhere -> {
                    // on another node: the relay carries it (cluster/RelayOut)
                }
            }
        }
    }

    private void fanOut(DatagramChannel socket, byte[] payload, Member[] members, Member except) {
        if (socket == null || members.length == 0) {
            return;
        }
        long start = clock.nanoTime();
        ByteBuffer[] buffers = scratch.get();
        ByteBuffer withoutLineEnd = null;
        ByteBuffer withLineEnd = null;
        int sent = 0;
        int failed = 0;
        for (Member member : members) {
            if (member == except) {
                continue;
            }
            ByteBuffer packet;
            if (member.wantsLineEnds()) {
                packet = withLineEnd == null ? withLineEnd = fill(buffers[1], payload, true) : withLineEnd.rewind();
            } else {
                packet = withoutLineEnd == null ? withoutLineEnd = fill(buffers[0], payload, false) : withoutLineEnd.rewind();
            }
            try {
                socket.send(packet, member.address());
                sent++;
            } catch (IOException e) {
                failed++;
            }
        }
        listener.fannedOut(clock.nanoTime() - start);
        listener.sent(sent, failed);
        if (failed > 0) {
            log.debug("fan-out: {} of {} sends failed", failed, sent + failed);
        }
    }

    private static ByteBuffer fill(ByteBuffer buffer, byte[] payload, boolean lineEnd) {
        ByteBuffer target = payload.length + 1 <= buffer.capacity() ? buffer.clear() : ByteBuffer.allocate(payload.length + 1);
        target.put(payload);
        if (lineEnd) {
            target.put((byte) '\n');
        }
        return target.flip();
    }

    /** One datagram from the chat port; a failure is counted, never thrown back into the flow. */
    private void reply(DatagramChannel socket, byte[] datagram, Sender to) {
        try {
            if (socket == null) {
                throw new IOException("the chat server is not bound");
            }
            socket.send(ByteBuffer.wrap(datagram), to.address());
            listener.sent(1, 0);
        } catch (IOException e) {
            listener.sent(0, 1);
        }
    }
}
