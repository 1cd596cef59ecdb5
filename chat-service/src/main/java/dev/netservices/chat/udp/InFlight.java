package dev.netservices.chat.udp;

import java.util.concurrent.atomic.AtomicInteger;

import dev.netservices.common.time.Deadline;

/**
 * The datagrams in the flow now, from receipt to the last send of what they caused, so that shutdown can wait for
 * them: members are not connections that end by themselves, so draining the chat server means finishing the
 * datagrams in hand.
 */
final class InFlight {

    private final AtomicInteger datagrams = new AtomicInteger();
    private final Object idle = new Object();
    private volatile boolean draining;

    void enter() {
        datagrams.incrementAndGet();
    }

    void leave() {
        if (datagrams.decrementAndGet() == 0 && draining) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** Waits, without polling, until no datagram is in the flow; true when that happened by the deadline. */
    boolean awaitNone(Deadline deadline) throws InterruptedException {
        draining = true;
        synchronized (idle) {
            while (datagrams.get() > 0) {
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
