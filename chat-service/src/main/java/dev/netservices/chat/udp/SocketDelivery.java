package dev.netservices.chat.udp;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.ChatMetrics;
import dev.netservices.chat.room.Delivery;
import dev.netservices.chat.room.Member;

import org.springframework.stereotype.Component;

/**
 * The fan-out hot path: the payload, encoded once by the room, is copied once into a direct buffer and sent
 * through the server's channel to each recipient; per recipient there is nothing but the send. Deliberately
 * not one Spring message per recipient through the outbound adapter: that costs a message, a header map and
 * expression evaluation per datagram, and delivered well under half of what a bare loop does.
 *
 * <p>Every socket of the server is bound to the chat port, so whichever sends, the datagram leaves from the
 * port the members talk to. A receive thread sends through its own socket ({@link #adopt}); other threads
 * (admin API, idle sweep) through the first.
 */
@Component
public class SocketDelivery implements Delivery {

    private static final Logger log = LoggerFactory.getLogger(SocketDelivery.class);

    private final ChatMetrics metrics;
    private final ThreadLocal<ChatSocket> own = new ThreadLocal<>();
    private final ThreadLocal<ByteBuffer> bare = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(65_536));
    private final ThreadLocal<ByteBuffer> lined = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(65_537));
    private volatile ChatSocket shared;

    public SocketDelivery(ChatMetrics metrics) {
        this.metrics = metrics;
    }

    /** The socket used by threads that have none of their own. */
    void attach(ChatSocket socket) {
        this.shared = socket;
    }

    /** Called on a receive thread: it sends through the socket it receives on. */
    void adopt(ChatSocket socket) {
        own.set(socket);
    }

    /** The socket for a send from the current thread. */
    DatagramSocket socket() {
        ChatSocket socket = own.get();
        if (socket == null) {
            socket = shared;
        }
        if (socket == null) {
            throw new IllegalStateException("the chat server is not bound");
        }
        return socket;
    }

    @Override
    public void toMembers(byte[] payload, Member[] members, Member except) {
        ChatSocket socket = own.get();
        if (socket == null) {
            socket = shared;
        }
        if (socket == null || members.length == 0) {
            return;
        }
        long start = System.nanoTime();
        DatagramChannel channel = socket.getChannel();
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
                channel.send(packet, member.address());
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

    @Override
    public void toMember(byte[] payload, Member member) {
        send(fill(ByteBuffer.allocate(payload.length + 1), payload, member.wantsLineEnds()), member.address());
    }

    /** One datagram from the server's port; a failure is counted, never thrown into the room's rules. */
    void send(byte[] payload, SocketAddress to) {
        send(ByteBuffer.wrap(payload), to);
    }

    private void send(ByteBuffer payload, SocketAddress to) {
        try {
            ((ChatSocket) socket()).getChannel().send(payload, to);
            metrics.sent(1);
        } catch (IOException | IllegalStateException e) {
            metrics.error("send");
        }
    }
}
