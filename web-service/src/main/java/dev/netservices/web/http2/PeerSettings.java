package dev.netservices.web.http2;

import java.util.Collection;

import dev.netservices.web.hpack.HpackEncoder;

/**
 * The client's SETTINGS as they bear on what we send (RFC 9113 6.5.2): its HPACK table size, the initial window
 * of every stream (a change moves the windows of the open streams by the difference, 6.9.2) and the largest
 * frame it takes. MAX_CONCURRENT_STREAMS limits pushes, which we never make; MAX_HEADER_LIST_SIZE is advisory.
 */
final class PeerSettings {

    private static final int HEADER_TABLE_SIZE = 0x1;
    private static final int ENABLE_PUSH = 0x2;
    private static final int INITIAL_WINDOW_SIZE = 0x4;
    private static final int MAX_FRAME_SIZE = 0x5;

    private final HpackEncoder encoder;
    private final Outbound outbound;
    private long initialWindow = Http2Options.DEFAULT_WINDOW;

    PeerSettings(HpackEncoder encoder, Outbound outbound) {
        this.encoder = encoder;
        this.outbound = outbound;
    }

    long initialWindow() {
        return initialWindow;
    }

    void apply(int[] values, Collection<Stream> streams) throws Http2Failure {
        for (int i = 0; i < values.length; i += 2) {
            int value = values[i + 1];
            switch (values[i]) {
                case HEADER_TABLE_SIZE -> encoder.peerTableSize((int) Math.min(Integer.toUnsignedLong(value),
                        Integer.MAX_VALUE));
                case ENABLE_PUSH -> {
                    if (value != 0 && value != 1) {
                        throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, "ENABLE_PUSH not 0 or 1");
                    }
                }
                case INITIAL_WINDOW_SIZE -> initialWindow(Integer.toUnsignedLong(value), streams);
                case MAX_FRAME_SIZE -> {
                    if (value < 16_384 || value > 16_777_215) {
                        throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, "MAX_FRAME_SIZE out of range");
                    }
                    outbound.peerMaxFrameSize(value);
                }
                default -> {
                    // ignored, as RFC 9113 6.5.2 asks of an unknown identifier
                }
            }
        }
    }

    private void initialWindow(long value, Collection<Stream> streams) throws Http2Failure {
        if (value > StreamFrames.MAX_WINDOW) {
            throw Http2Failure.connection(ErrorCode.FLOW_CONTROL_ERROR, "INITIAL_WINDOW_SIZE above 2^31-1");
        }
        long delta = value - initialWindow;
        initialWindow = value;
        for (Stream stream : streams) {
            stream.sendWindow += delta;
            if (stream.sendWindow > StreamFrames.MAX_WINDOW) {
                throw Http2Failure.connection(ErrorCode.FLOW_CONTROL_ERROR, "a stream window above 2^31-1");
            }
            outbound.ready(stream);
        }
    }
}
