package dev.netservices.chat.udp;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.netservices.chat.ChatMetrics;
import dev.netservices.chat.room.ChatCommand;
import dev.netservices.chat.room.ChatCommand.Invalid;
import dev.netservices.chat.room.ChatCommand.Problem;
import dev.netservices.chat.room.Room;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.Message;

/**
 * The flow's one step between the sockets: datagram bytes to a {@link ChatCommand}, the room's decision, and
 * the reply for the sender as the payload of the next message (the outbound adapter sends it back to
 * {@link IpHeaders#PACKET_ADDRESS}, which the reply inherits from the request). The room's fan-out does
 * not come through here; the room sends it itself through {@link SocketDelivery}.
 */
final class DatagramHandler extends AbstractReplyProducingMessageHandler {

    private final Room room;
    private final ChatMetrics metrics;
    private final int maxDatagramBytes;
    private final AtomicInteger inFlight = new AtomicInteger();

    DatagramHandler(Room room, ChatMetrics metrics, int maxDatagramBytes) {
        this.room = room;
        this.metrics = metrics;
        this.maxDatagramBytes = maxDatagramBytes;
        setRequiresReply(false);
    }

    @Override
    protected Object handleRequestMessage(Message<?> request) {
        inFlight.incrementAndGet();
        try {
            metrics.received();
            byte[] datagram = (byte[]) request.getPayload();
            InetSocketAddress from = (InetSocketAddress) request.getHeaders().get(IpHeaders.PACKET_ADDRESS);
            ChatCommand command = ChatCommand.fromDatagram(datagram, datagram.length, maxDatagramBytes);
            // A client that sends lines (netcat) is answered with lines; the original client without a newline.
            boolean lineEnded = datagram.length > 0 && datagram[datagram.length - 1] == '\n';
            byte[] reply = room.handle(from, command, lineEnded)
                    .map(text -> (lineEnded ? text + "\n" : text).getBytes(UTF_8)).orElse(null);
            if (reply != null) {
                metrics.sent(1);
            }
            return reply;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * An empty datagram, which never reaches the flow (see {@link ChatSocket}); answered on the receive thread.
     * Null when it goes unanswered: a stranger past its reply budget.
     */
    byte[] emptyDatagram(InetSocketAddress from) {
        metrics.received();
        return room.handle(from, new Invalid(Problem.EMPTY, ""), false).map(text -> text.getBytes(UTF_8)).orElse(null);
    }

    /** Waits until no datagram is being handled; true when that happened within {@code timeout}. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
