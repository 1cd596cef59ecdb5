package dev.netservices.web.http2;

/**
 * Counts what a client makes us do for nothing, and ends the connection (GOAWAY ENHANCE_YOUR_CALM) when the
 * count runs away from the useful work done. Counts, not rates: they need no clock, a well-behaved client stays
 * far below every budget (a browser sends a handful of SETTINGS, PING and PRIORITY frames per connection), and
 * an attack meets its budget within milliseconds whatever the machine.
 *
 * <ul>
 *   <li>Rapid Reset: streams the client reset before their response was out, beyond 100 more than the
 *       responses completed.</li>
 *   <li>Control floods (SETTINGS, PING, PRIORITY, empty DATA, frames on closed streams): beyond 1000 plus ten
 *       per stream opened.</li>
 *   <li>Refused streams: beyond 100 REFUSED_STREAM answers.</li>
 *   <li>CONTINUATION: a header block of more than 32 frames, or more than twice MAX_HEADER_LIST_SIZE bytes.</li>
 * </ul>
 */
final class AbuseGuard {

    static final int MAX_BLOCK_FRAMES = 32;
    /**
     * A header block may hold this many times MAX_HEADER_LIST_SIZE bytes: a block merely past the limit is decoded and
     * its request answered 431 (as over HTTP/1.1), rather than the connection ended for a browser's oversized cookies;
     * twice the limit still expands to less than {@code HpackDecoder.BOMB_FACTOR} times it, so it is decoded to its end.
     */
    static final int BLOCK_BYTES_FACTOR = 2;
    private static final int RESET_SLACK = 100;
    private static final int CHEAP_FRAMES = 1000;
    private static final int CHEAP_PER_STREAM = 10;
    private static final int REFUSALS = 100;

    private long earlyResets;
    private long completed;
    private long cheapFrames;
    private long streamsOpened;
    private int refusals;

    void streamOpened() {
        streamsOpened++;
    }

    void streamCompleted() {
        completed++;
    }

    void resetBeforeAnswered() throws Http2Failure {
        if (++earlyResets > completed + RESET_SLACK) {
            throw Http2Failure.abuse(Abuse.RAPID_RESET, "too many streams reset before their response");
        }
    }

    void cheapFrame() throws Http2Failure {
        if (++cheapFrames > CHEAP_FRAMES + CHEAP_PER_STREAM * streamsOpened) {
            throw Http2Failure.abuse(Abuse.CONTROL_FLOOD, "too many frames that carry no request");
        }
    }

    void refused() throws Http2Failure {
        if (++refusals > REFUSALS) {
            throw Http2Failure.abuse(Abuse.REFUSED_STREAMS, "too many streams past MAX_CONCURRENT_STREAMS");
        }
    }
}
