package dev.netservices.files.session;

import java.io.IOException;

import dev.netservices.files.session.Command.Put;
import dev.netservices.files.session.SessionWatchdog.State;

/**
 * A refused upload's answer, after the replies of the commands before it ({@link UploadAcks}); then the classic form's
 * body, already on its way, is read and dropped so the next command starts where it should (past
 * {@code maxDiscardBytes} the connection closes instead). The resumable form, answered before its body, has none.
 * Each method answers whether the session goes on.
 */
final class RefusedBodies {

    private static final int SINK_BYTES = 256 * 1024;
    private static final String TOO_MANY_TO_DISCARD = "closing (too many bytes to discard)";

    private final SessionInput in;
    private final SessionOutput out;
    private final SessionWatchdog watchdog;
    private final SessionListener listener;
    private final FileLimits limits;
    private final UploadAcks acks;

    RefusedBodies(SessionInput in, SessionOutput out, SessionWatchdog watchdog, SessionListener listener, FileLimits limits, UploadAcks acks) {
        this.in = in;
        this.out = out;
        this.watchdog = watchdog;
        this.listener = listener;
        this.limits = limits;
        this.acks = acks;
    }

    boolean answer(Reply refusal, Put put) throws IOException {
        if (put.resumable()) {
            acks.settle();
            out.send(refusal);
            return true;
        }
        return answer(refusal, put.size());
    }

    /** Answers, then drops the {@code remaining} body bytes still to come. */
    boolean answer(Reply refusal, long remaining) throws IOException {
        acks.settle();
        if (remaining > limits.maxDiscardBytes()) {
            out.send(refusal.closing(TOO_MANY_TO_DISCARD));
            return false;
        }
        out.send(refusal);
        return discard(remaining);
    }

    /** False at end of stream. */
    private boolean discard(long count) throws IOException {
        watchdog.enter(State.RECEIVING);
        byte[] sink = new byte[(int) Math.min(SINK_BYTES, Math.max(1, count))];
        long remaining = count;
        while (remaining > 0) {
            int n = in.read(sink, 0, (int) Math.min(sink.length, remaining));
            if (n < 0) {
                if (watchdog.stopReason() != null) {
                    out.sendQuietly(watchdog.stopReason());
                }
                return false;
            }
            remaining -= n;
            watchdog.moved(n);
            listener.bytesReceived(n);
        }
        return true;
    }
}
