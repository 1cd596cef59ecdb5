package dev.netservices.chat.udp;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.netservices.chat.room.Room;
import dev.netservices.common.time.Deadline;
import dev.netservices.common.time.ServiceClock;

import org.springframework.integration.core.GenericHandler;
import org.springframework.messaging.MessageHeaders;

/**
 * The flow's room step: the room decides, and the reply owed to the sender (if any) goes on down the flow as an
 * {@link Outgoing.ToAddress}. The fan-out the room decides on meanwhile reaches the same outgoing step through
 * {@link FlowDelivery}. Counts the datagrams in the room, so that shutdown can wait for them.
 */
public final class RoomHandler implements GenericHandler<Received> {

    private final Room room;
    private final ServiceClock clock;
    private final AtomicInteger inRoom = new AtomicInteger();
    private final Object idle = new Object();
    private volatile boolean draining;

    public RoomHandler(Room room, ServiceClock clock) {
        this.room = room;
        this.clock = clock;
    }

    @Override
    public Object handle(Received datagram, MessageHeaders headers) {
        inRoom.incrementAndGet();
        try {
            return room.handle(datagram.from(), datagram.command(), datagram.lineEnded())
                    .map(text -> new Outgoing.ToAddress((datagram.lineEnded() ? text + "\n" : text).getBytes(UTF_8),
                            datagram.from()))
                    .orElse(null);
        } finally {
            if (inRoom.decrementAndGet() == 0 && draining) {
                synchronized (idle) {
                    idle.notifyAll();
                }
            }
        }
    }

    /** Waits, without polling, until no datagram is in the room; true when that happened within {@code timeout}. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        draining = true;
        Deadline deadline = Deadline.after(timeout, clock);
        synchronized (idle) {
            while (inRoom.get() > 0) {
                if (deadline.expired()) {
                    return false;
                }
                idle.wait(Math.max(1, deadline.remaining().toMillis()));
            }
        }
        return true;
    }

    /** The server was bound again after a stop. */
    void reopen() {
        draining = false;
    }
}
