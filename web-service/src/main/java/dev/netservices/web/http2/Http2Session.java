package dev.netservices.web.http2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.hpack.HeaderField;
import dev.netservices.web.hpack.HpackDecoder;
import dev.netservices.web.hpack.HpackException;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.http.RequestHandler;

/**
 * One HTTP/2 connection's protocol engine (RFC 9113), fed the bytes its connection reads and asked for the
 * bytes to write. It knows nothing of sockets or TLS: the reactor moves its bytes on the same event loop as
 * HTTP/1.1's.
 *
 * <pre>
 *   PREFACE --client preface (24 bytes; 8 when the HTTP/1.1 parser already read "PRI * HTTP/2.0")-->
 *   OPEN (the first frame must be SETTINGS) --drain: GOAWAY(NO_ERROR, last stream id)-----------+
 *     |       \--client's GOAWAY: no new streams---------------------------------------------> DRAINING
 *     |                                                                                           | no stream left
 *     +--connection error: GOAWAY(code, last stream id), streams dropped---> DONE <----------------+
 * </pre>
 *
 * A broken rule is an {@link Http2Failure}: on a stream it resets that stream (RST_STREAM) and the connection
 * goes on; on the connection it ends it (RFC 9113 5.4). Streams and what they may send live in
 * {@link StreamFrames}; the bytes waiting to go out in {@link Outbound}.
 */
public final class Http2Session {

    private enum Phase { PREFACE, OPEN, DRAINING, DONE }

    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    public static final int PREFACE_LENGTH = 24;
    /** What is left of the preface once an HTTP/1.1 parser has taken its first line. */
    public static final int PREFACE_AFTER_REQUEST_LINE = 8;

    private final FrameReader reader;
    private final HpackDecoder decoder;
    private final HeaderBlock block;
    private final Outbound outbound = new Outbound();
    private final AbuseGuard guard = new AbuseGuard();
    private final StreamFrames streams;
    private final Http2Events events;
    private Phase phase = Phase.PREFACE;
    private int prefaceAt;
    private boolean settingsReceived;
    private int receivedUnacknowledged;
    // a HEADERS whose priority names its own stream: a stream error once its block is decoded (RFC 9113 5.3.1)
    private int selfDependent;

    /**
     * @param prefaceLeft bytes of the client preface still to come: 24, or {@link #PREFACE_AFTER_REQUEST_LINE}
     */
    public Http2Session(Http2Options options, RequestHandler handler, Http2Events events, ServiceClock clock,
            HttpDate dates, int prefaceLeft) {
        this.reader = new FrameReader(options.maxFrameSize());
        this.decoder = new HpackDecoder(Http2Options.HEADER_TABLE_SIZE, options.maxHeaderListSize());
        this.block = new HeaderBlock(options.maxHeaderListSize() * AbuseGuard.BLOCK_BYTES_FACTOR);
        this.events = events;
        this.streams = new StreamFrames(options, handler, events, clock, dates, outbound, guard);
        this.prefaceAt = PREFACE.length - prefaceLeft;
        outbound.add(FrameWriter.settings(options.settings()));
    }

    /** Takes the bytes read; afterwards {@link #output()} holds what to write. */
    public void receive(ByteBuffer in) {
        try {
            if (phase == Phase.PREFACE && !preface(in)) {
                return;
            }
            while (phase != Phase.DONE && in.hasRemaining()) {
                try {
                    Frame frame = reader.next(in);
                    if (frame == null) {
                        break;
                    }
                    onFrame(frame);
                } catch (Http2Failure e) {
                    if (e.connectionError()) {
                        throw e;
                    }
                    streams.reset(e.streamId(), e.code());
                }
            }
            if (phase != Phase.DONE) {
                streams.answerWaiting(); // a reset may have let a file go
            }
            if (receivedUnacknowledged > 0 && phase != Phase.DONE) {
                outbound.add(FrameWriter.windowUpdate(0, receivedUnacknowledged));
                receivedUnacknowledged = 0;
            }
        } catch (Http2Failure e) {
            fail(e.code(), e.abuse(), e.getMessage());
        }
    }

    private boolean preface(ByteBuffer in) throws Http2Failure {
        while (prefaceAt < PREFACE.length && in.hasRemaining()) {
            if (in.get() != PREFACE[prefaceAt++]) {
                throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, "not the HTTP/2 client preface");
            }
        }
        if (prefaceAt < PREFACE.length) {
            return false;
        }
        phase = Phase.OPEN;
        return true;
    }

    private void onFrame(Frame frame) throws Http2Failure {
        if (block.open() && !(frame instanceof Frame.Continuation c && c.streamId() == block.streamId())) {
            throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, "frame inside a header block");
        }
        if (!settingsReceived && !(frame instanceof Frame.Settings s && !s.ack())) {
            throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, "the first frame must be SETTINGS");
        }
        switch (frame) {
            case Frame.Data data -> {
                if (data.flowLength() > 0) {
                    receivedUnacknowledged += data.flowLength();
                }
                streams.onData(data);
            }
            case Frame.Headers headers -> onHeaders(headers);
            case Frame.Continuation continuation -> {
                if (!block.open()) {
                    throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, "CONTINUATION without HEADERS");
                }
                block.append(continuation.fragment());
                if (continuation.endHeaders()) {
                    headerBlockDone();
                }
            }
            case Frame.Priority priority -> {
                guard.cheapFrame();
                if (priority.dependsOn() == priority.streamId()) {
                    throw Http2Failure.stream(priority.streamId(), ErrorCode.PROTOCOL_ERROR, "stream depends on itself");
                }
            }
            case Frame.RstStream rst -> streams.onReset(rst);
            case Frame.Settings settings -> {
                if (!settings.ack()) {
                    if (settingsReceived) {
                        guard.cheapFrame();
                    }
                    settingsReceived = true;
                    streams.onSettings(settings.values());
                    outbound.control(FrameWriter.settingsAck());
                }
            }
            case Frame.PushPromise push -> throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE from a client");
            case Frame.Ping ping -> {
                if (!ping.ack()) {
                    guard.cheapFrame();
                    outbound.control(FrameWriter.pingAck(ping.payload()));
                }
            }
            case Frame.GoAway goAway -> {
                if (phase == Phase.OPEN) {
                    phase = Phase.DRAINING;
                }
                doneWhenIdle();
            }
            case Frame.Unknown unknown -> {
                // RFC 9113 5.5: ignored (inside a header block it was refused above)
            }
            case Frame.WindowUpdate update -> {
                if (update.streamId() == 0) {
                    if (update.increment() == 0) {
                        throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
                    }
                    outbound.connectionWindowUpdate(update.increment());
                } else {
                    streams.onWindowUpdate(update);
                }
            }
        }
    }

    private void onHeaders(Frame.Headers headers) throws Http2Failure {
        streams.checkHeadersAllowed(headers.streamId());
        block.start(headers.streamId(), headers.endStream(), headers.fragment());
        selfDependent = headers.dependsOn() == headers.streamId() ? headers.streamId() : 0;
        if (headers.endHeaders()) {
            headerBlockDone();
        }
    }

    private void headerBlockDone() throws Http2Failure {
        List<HeaderField> fields = null;
        HpackDecoder.TooLarge tooLarge = null;
        try {
            fields = decoder.decode(block.bytes(), block.length());
        } catch (HpackException e) {
            throw Http2Failure.connection(ErrorCode.COMPRESSION_ERROR, e.getMessage());
        } catch (HpackDecoder.TooLarge e) {
            if (!e.tableInStep()) {
                throw Http2Failure.abuse(Abuse.HEADER_LIST, e.getMessage());
            }
            tooLarge = e; // decoded to its end: only this request is refused
        } finally {
            block.close();
        }
        if (selfDependent != 0) {
            // decoded all the same: the HPACK state is the connection's, whatever becomes of the stream
            throw Http2Failure.stream(selfDependent, ErrorCode.PROTOCOL_ERROR, "stream depends on itself");
        }
        if (tooLarge != null) {
            streams.onHeaderListTooLarge(block.streamId(), block.endStream(), tooLarge.kept(), tooLarge.getMessage(),
                    phase == Phase.OPEN);
        } else {
            streams.onHeaderBlock(block.streamId(), block.endStream(), fields, phase == Phase.OPEN);
        }
        doneWhenIdle();
    }

    /** True when a request was answered or DATA made since the last call: the connection is not stalled. */
    public boolean takeProgress() {
        return streams.takeProgress();
    }

    /** Makes the DATA the windows allow, and answers the requests that waited for a stream with a file to end. */
    public void fill() {
        try {
            streams.fill();
            if (phase != Phase.DONE && streams.answerWaiting()) {
                streams.fill();
            }
        } catch (Http2Failure e) {
            fail(e.code(), e.abuse(), e.getMessage());
        }
        doneWhenIdle();
    }

    /** The frames waiting for the socket, in order; call {@link #written()} after writing them. */
    public ByteBuffer[] output() {
        return outbound.buffers();
    }

    public boolean hasOutput() {
        return !outbound.isEmpty();
    }

    public void written() {
        outbound.written();
    }

    /** True once the connection has nothing left to do but write what is queued and close. */
    public boolean done() {
        return phase == Phase.DONE;
    }

    /** Responses wait for a window the client does not open (a stall, after the idle timeout). */
    public boolean waitingForWindow() {
        return streams.waitingForWindow();
    }

    /** True until the client's preface and first SETTINGS are in: the connection is still on its header timeout. */
    public boolean opening() {
        return !settingsReceived && phase != Phase.DONE;
    }

    /** Streams in progress. */
    public boolean busy() {
        return streams.count() > 0;
    }

    /** The server is shutting down: GOAWAY with the last stream id, the streams in flight finish. */
    public void drain() {
        if (phase == Phase.OPEN || phase == Phase.PREFACE) {
            outbound.add(FrameWriter.goAway(streams.lastStreamId(), ErrorCode.NO_ERROR, "shutting down"));
            phase = Phase.DRAINING;
        }
        doneWhenIdle();
    }

    /** Ends the connection for a reason of the connection's (idle, stalled), with a GOAWAY saying so. */
    public void end(ErrorCode code, Abuse abuse, String message) {
        if (phase != Phase.DONE) {
            fail(code, abuse, message);
        }
    }

    /** Lets go of every stream's file. */
    public void release() {
        streams.releaseAll();
    }

    private void fail(ErrorCode code, Abuse abuse, String message) {
        outbound.add(FrameWriter.goAway(streams.lastStreamId(), code, message == null ? "" : message));
        phase = Phase.DONE;
        streams.releaseAll();
        if (code != ErrorCode.NO_ERROR) {
            events.connectionError(code, abuse);
        }
    }

    private void doneWhenIdle() {
        if (phase == Phase.DRAINING && streams.count() == 0) {
            phase = Phase.DONE;
        }
    }
}
