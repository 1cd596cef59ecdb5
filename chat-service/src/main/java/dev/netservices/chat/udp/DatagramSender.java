package dev.netservices.chat.udp;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.observability.ChatMetrics;
import dev.netservices.chat.room.Member;
import dev.netservices.chat.udp.Outgoing.ToAddress;
import dev.netservices.chat.udp.Outgoing.ToMembers;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

/**
 * The flow's last step: replies and fan-out, out of the chat port. Our own {@link MessageHandler} rather than
 * Spring Integration's UDP outbound adapter, because the fan-out is the hot path: one message carries one line
 * for all its recipients, the payload is copied once into a direct buffer (once with a line end, once without)
 * and per recipient nothing happens but the send. The outbound adapter takes one message per datagram (a
 * message, a header map and an expression per recipient) and delivered well under half of a bare loop's rate.
 *
 * <p>Every socket of the server is bound to the chat port, so whichever sends, the datagram leaves from the
 * port the members talk to. A receive thread sends through the socket it reads ({@link #sendFromHere}); other
 * threads (admin API, idle sweep) through the first one ({@link #useByDefault}).
 */
public final class DatagramSender implements MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(DatagramSender.class);
    private static final int LARGEST_DATAGRAM = 65_507;

    private final ChatMetrics metrics;
    private final ThreadLocal<DatagramChannel> own = new ThreadLocal<>();
    private final ThreadLocal<ByteBuffer> bare = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(LARGEST_DATAGRAM + 1));
    private final ThreadLocal<ByteBuffer> lined = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(LARGEST_DATAGRAM + 1));
    private volatile DatagramChannel shared;

    public DatagramSender(ChatMetrics metrics) {
        this.metrics = metrics;
    }

    /** Called on a receive thread: what that thread sends leaves through {@code socket}. */
    public void sendFromHere(DatagramChannel socket) {
        own.set(socket);
    }

    /** The socket for threads that have none of their own; null while the server is not bound. */
    void useByDefault(DatagramChannel socket) {
        this.shared = socket;
    }

    @Override
    public void handleMessage(Message<?> message) {
        switch ((Outgoing) message.getPayload()) {
            case ToAddress reply -> send(reply.payload(), reply.to());
            case ToMembers fanOut -> fanOut(fanOut.payload(), fanOut.members(), fanOut.except());
        }
    }

    private DatagramChannel socket() {
        DatagramChannel socket = own.get();
        return socket != null ? socket : shared;
    }

    private void fanOut(byte[] payload, Member[] members, Member except) {
        DatagramChannel socket = socket();
        if (socket == null) {
            return;
        }
        long start = System.nanoTime();
        ByteBuffer withoutLineEnd = fill(bare.get(), payload, false);
        ByteBuffer withLineEnd = fill(lined.get(), payload, true);
        int sent = 0;
        int failed = 0;
        for (Member member : members) {
            if (member == except) {
                continue;
            }
            ByteBuffer packet = member.wantsLineEnds() ? withLineEnd : withoutLineEnd;
            packet.rewind();
            try {
                socket.send(packet, member.address());
                sent++;
            } catch (IOException e) {
                failed++;
            }
        }
        metrics.fanoutTook(System.nanoTime() - start);
        metrics.sent(sent);
        if (failed > 0) {
            metrics.errors("send", failed);
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

    /** One datagram from the chat port; a failure is counted, never thrown back into the room's rules. */
    private void send(byte[] payload, SocketAddress to) {
        DatagramChannel socket = socket();
        try {
            if (socket == null) {
                throw new IOException("the chat server is not bound");
            }
            socket.send(ByteBuffer.wrap(payload), to);
            metrics.sent(1);
        } catch (IOException e) {
            metrics.error("send");
        }
    }
}
