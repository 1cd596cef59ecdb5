package dev.netservices.files.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.time.Deadline;
import dev.netservices.common.time.ServiceClock;

/**
 * Closes a connection whose peer may still be sending. Closing a socket with unread bytes makes the
 * kernel answer with a reset, and a reset can destroy the last reply before the client reads it (the
 * "server busy" or "line too long" line, precisely the one that matters). So: send FIN, then read and
 * drop what still arrives, for a short while and a bounded number of bytes, then close.
 *
 * <p>The linger is measured on the service clock like every other wait. Under a test's manual clock it ends
 * when the peer closes (or the drain bound is reached), which every test client does when it is done.
 */
public final class LingeringClose {

    private static final Duration LINGER = Duration.ofSeconds(1);
    private static final long MAX_DRAIN_BYTES = 4L << 20;

    private LingeringClose() {
    }

    public static void close(SocketChannel channel, ServiceClock clock) {
        try {
            channel.shutdownOutput();
            channel.configureBlocking(false);
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                ByteBuffer sink = ByteBuffer.allocate(16 * 1024);
                Deadline deadline = Deadline.after(LINGER, clock);
                long drained = 0;
                while (drained < MAX_DRAIN_BYTES) {
                    long remainingMillis = deadline.remaining().toMillis();
                    if (remainingMillis <= 0) {
                        break;
                    }
                    selector.select(remainingMillis);
                    selector.selectedKeys().clear();
                    int n = channel.read(sink.clear());
                    if (n < 0) {
                        break;
                    }
                    drained += n;
                }
            }
        } catch (IOException e) {
            // the peer is gone already: nothing to protect
        } finally {
            QuietClose.close(channel);
        }
    }
}
