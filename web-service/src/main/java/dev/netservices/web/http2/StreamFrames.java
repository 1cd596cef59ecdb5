package dev.netservices.web.http2;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.hpack.HeaderField;
import dev.netservices.web.hpack.HpackEncoder;
import dev.netservices.web.http.Body;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.http.RequestHandler;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.Status;

/**
 * The streams of one connection and the frames that concern them (RFC 9113 5.1, 6.1, 6.4, 6.9): a stream is
 * opened by its header block, answered by the same {@link RequestHandler} as HTTP/1.1 once its request is
 * complete, and closed when its response's last DATA is made or when either side resets it.
 *
 * <p>A response sent from disk holds its file open until its last DATA is made, which a client that opens no
 * window can put off until the idle timeout. So at most {@link Http2Options#maxOpenFilesPerConnection()} streams
 * of a connection hold a file: while that many do, a complete request waits, unanswered (the handler is not
 * asked, nothing is opened), and is answered in turn when one of them ends. A client that reads gets every
 * answer, its files a few at a time; one that does not holds a few files, not one per stream.
 */
final class StreamFrames {

    private static final Logger log = LoggerFactory.getLogger(StreamFrames.class);
    static final int MAX_WINDOW = Integer.MAX_VALUE;

    private final Http2Options options;
    private final Answers answers;
    private final Http2Events events;
    private final ServiceClock clock;
    private final HttpDate dates;
    private final Outbound outbound;
    private final AbuseGuard guard;
    private final Map<Integer, Stream> streams = new HashMap<>();
    // complete requests not yet answered because filesHeld is at the connection's limit, in order of arrival
    private final ArrayDeque<Stream> waiting = new ArrayDeque<>();
    private int filesHeld;
    private final HpackEncoder encoder = new HpackEncoder();
    private int lastStreamId;
    private final PeerSettings peer;
    private boolean progress;

    StreamFrames(Http2Options options, RequestHandler handler, Http2Events events, ServiceClock clock, HttpDate dates,
            Outbound outbound, AbuseGuard guard) {
        this.options = options;
        this.answers = new Answers(handler, events);
        this.events = events;
        this.clock = clock;
        this.dates = dates;
        this.outbound = outbound;
        this.guard = guard;
        this.peer = new PeerSettings(encoder, outbound);
    }

    int lastStreamId() {
        return lastStreamId;
    }

    int count() {
        return streams.size();
    }

    boolean waitingForWindow() {
        return outbound.waitingForWindow(streams.values());
    }

    /** A HEADERS frame may start a block on this stream: new (odd, above the last) or open (trailers). */
    void checkHeadersAllowed(int id) throws Http2Failure {
        Stream stream = streams.get(id);
        if (stream != null) {
            if (stream.remoteClosed()) {
                throw Http2Failure.connection(ErrorCode.STREAM_CLOSED, "HEADERS on half-closed stream " + id);
            }
            return;
        }
        if (id % 2 == 0) {
            throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, "client stream id " + id + " is even");
        }
        if (id <= lastStreamId) {
            throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, "stream id " + id + " not above " + lastStreamId);
        }
    }

    /** @param accepting false once a GOAWAY went either way: a new stream is decoded, then ignored */
    void onHeaderBlock(int id, boolean endStream, List<HeaderField> fields, boolean accepting) throws Http2Failure {
        Stream stream = streams.get(id);
        if (stream != null) {
            RequestFields.checkTrailers(id, fields);
            trailersEnd(stream, endStream);
            remoteEnded(stream);
            return;
        }
        stream = open(id, accepting);
        if (stream == null) {
            return;
        }
        RequestFields.Parsed parsed = RequestFields.parse(id, fields);
        streams.put(id, stream);
        stream.request = parsed.request();
        stream.requestLine = parsed.request().method() + " " + parsed.request().target() + " HTTP/2.0";
        stream.expectedLength = parsed.contentLength();
        Response refusal = pastHeadLimits(stream);
        if (refusal != null) {
            refuse(stream, endStream, refusal);
        } else if (endStream) {
            remoteEnded(stream);
        }
    }

    /**
     * A header block whose list is longer than SETTINGS_MAX_HEADER_LIST_SIZE, decoded to its end (the HPACK table
     * in step): that request is a 431, as its header lines would be over HTTP/1.1 (RFC 9113 10.5.1), and the
     * connection goes on. Its request line, for the access log, is what arrived of it.
     */
    void onHeaderListTooLarge(int id, boolean endStream, List<HeaderField> kept, String why, boolean accepting)
            throws Http2Failure {
        Response refusal = Response.error(Status.HEADER_FIELDS_TOO_LARGE, why);
        Stream stream = streams.get(id);
        if (stream != null) { // trailers
            trailersEnd(stream, endStream);
            if (stream.response == null) {
                refuse(stream, true, refusal);
            } else {
                remoteEnded(stream); // the answer is on its way; the trailers would have been dropped anyway
            }
            return;
        }
        stream = open(id, accepting);
        if (stream == null) {
            return;
        }
        streams.put(id, stream);
        stream.request = RequestFields.partial(kept);
        stream.requestLine = stream.request.method() + " " + stream.request.target() + " HTTP/2.0";
        refuse(stream, endStream, refusal);
    }

    private static void trailersEnd(Stream stream, boolean endStream) throws Http2Failure {
        if (!endStream) {
            throw Http2Failure.stream(stream.id, ErrorCode.PROTOCOL_ERROR, "trailers without END_STREAM");
        }
    }

    /** A new stream, or null when it is not to be served: after a GOAWAY, or refused past the concurrency limit. */
    private Stream open(int id, boolean accepting) throws Http2Failure {
        lastStreamId = id;
        if (!accepting) {
            return null;
        }
        if (streams.size() >= options.maxConcurrentStreams()) {
            events.streamRefused();
            outbound.control(FrameWriter.rstStream(id, ErrorCode.REFUSED_STREAM));
            guard.refused();
            return null;
        }
        guard.streamOpened();
        return new Stream(id, peer.initialWindow(), options.initialWindowSize(), clock.nanoTime(), clock.now());
    }

    /**
     * HTTP/1.1's limits on a head that HTTP/2's header list size does not already hold, with HTTP/1.1's answers:
     * the request line ({@code method :path HTTP/2.0}, as long as the HTTP/1.1 line would be) and the number of
     * fields (the Host made of {@code :authority} counted, as its line would be).
     */
    private Response pastHeadLimits(Stream stream) {
        if (stream.requestLine.length() > options.maxRequestLineBytes()) {
            return Response.error(Status.URI_TOO_LONG, "request line longer than " + options.maxRequestLineBytes()
                    + " bytes");
        }
        if (stream.request.headers().size() > options.maxHeaderCount()) {
            return Response.error(Status.HEADER_FIELDS_TOO_LARGE, "more than " + options.maxHeaderCount()
                    + " header fields");
        }
        return null;
    }

    /** Answers a request a limit refuses, whether or not it has ended: the rest of a body is not wanted ({@link #sent}). */
    private void refuse(Stream stream, boolean endStream, Response refusal) throws Http2Failure {
        if (endStream) {
            stream.state = StreamState.HALF_CLOSED_REMOTE;
        }
        answer(stream, refusal);
    }

    void onData(Frame.Data data) throws Http2Failure {
        Stream stream = streams.get(data.streamId());
        if (stream == null) {
            refuseIdle(data.streamId(), "DATA");
            guard.cheapFrame();
            throw Http2Failure.stream(data.streamId(), ErrorCode.STREAM_CLOSED, "DATA on a closed stream");
        }
        if (stream.remoteClosed()) {
            throw Http2Failure.stream(stream.id, ErrorCode.STREAM_CLOSED, "DATA after END_STREAM");
        }
        if (data.flowLength() > stream.receiveWindow) {
            throw Http2Failure.stream(stream.id, ErrorCode.FLOW_CONTROL_ERROR, "DATA beyond the stream's window");
        }
        if (data.length() == 0 && !data.endStream()) {
            guard.cheapFrame();
        }
        stream.bodyReceived += data.length();
        stream.receiveWindow -= data.flowLength();
        if (stream.expectedLength >= 0 && (stream.bodyReceived > stream.expectedLength
                || (data.endStream() && stream.bodyReceived != stream.expectedLength))) {
            throw Http2Failure.stream(stream.id, ErrorCode.PROTOCOL_ERROR, "malformed request: DATA disagrees with content-length");
        }
        if (stream.bodyReceived > options.maxBodyBytes()) {
            if (stream.response == null) {
                answer(stream, Response.error(Status.CONTENT_TOO_LARGE, "request body larger than "
                        + options.maxBodyBytes() + " bytes"));
            }
            return; // no more window for a body we refuse
        }
        // Bodies are read and dropped; the stream's window is given back so that a body under the limit ends.
        stream.unacknowledged += data.flowLength();
        if (!data.endStream() && stream.unacknowledged >= options.initialWindowSize() / 2) {
            outbound.add(FrameWriter.windowUpdate(stream.id, stream.unacknowledged));
            stream.receiveWindow += stream.unacknowledged;
            stream.unacknowledged = 0;
        }
        if (data.endStream()) {
            remoteEnded(stream);
        }
    }

    void onReset(Frame.RstStream rst) throws Http2Failure {
        Stream stream = streams.get(rst.streamId());
        if (stream == null) {
            refuseIdle(rst.streamId(), "RST_STREAM");
            guard.cheapFrame();
            return;
        }
        close(stream);
        guard.resetBeforeAnswered();
    }

    /** A frame for a stream not open: on one never opened (idle, above the last id) a connection error (RFC 9113 5.1). */
    private void refuseIdle(int streamId, String frame) throws Http2Failure {
        if (streamId > lastStreamId) {
            throw Http2Failure.connection(ErrorCode.PROTOCOL_ERROR, frame + " on idle stream " + streamId);
        }
    }

    void onWindowUpdate(Frame.WindowUpdate update) throws Http2Failure {
        Stream stream = streams.get(update.streamId());
        if (stream == null) {
            refuseIdle(update.streamId(), "WINDOW_UPDATE");
            return;
        }
        if (update.increment() == 0) {
            throw Http2Failure.stream(stream.id, ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
        }
        stream.sendWindow += update.increment();
        if (stream.sendWindow > MAX_WINDOW) {
            throw Http2Failure.stream(stream.id, ErrorCode.FLOW_CONTROL_ERROR, "stream window above 2^31-1");
        }
        outbound.ready(stream);
    }

    void onSettings(int[] values) throws Http2Failure {
        peer.apply(values, streams.values());
    }

    /** A stream error: RST_STREAM, and the stream is gone. */
    void reset(int id, ErrorCode code) throws Http2Failure {
        Stream stream = streams.get(id);
        if (stream != null) {
            close(stream);
        }
        outbound.control(FrameWriter.rstStream(id, code));
    }

    /** True when a request was answered or DATA made since the last call: the connection is not stalled. */
    boolean takeProgress() {
        boolean made = progress;
        progress = false;
        return made;
    }

    void fill() {
        progress |= outbound.fill(this::sent, stream -> {
            log.warn("Reset stream {}: its file could not be read to its promised length", stream.id);
            outbound.add(FrameWriter.rstStream(stream.id, ErrorCode.INTERNAL_ERROR));
            close(stream);
        });
    }

    void releaseAll() {
        for (Stream stream : List.copyOf(streams.values())) {
            close(stream);
        }
        waiting.clear();
    }

    /** Answers the requests that waited for a file to be let go, while there is room; true when one was. */
    boolean answerWaiting() throws Http2Failure {
        boolean answered = false;
        while (filesHeld < options.maxOpenFilesPerConnection() && !waiting.isEmpty()) {
            Stream stream = waiting.poll();
            answer(stream, answers.respond(stream.request));
            answered = true;
        }
        return answered;
    }

    private void remoteEnded(Stream stream) throws Http2Failure {
        if (stream.state == StreamState.HALF_CLOSED_LOCAL) {
            close(stream);
            return;
        }
        stream.state = StreamState.HALF_CLOSED_REMOTE;
        if (stream.response == null) {
            if (filesHeld >= options.maxOpenFilesPerConnection()) {
                waiting.add(stream);
                return;
            }
            answer(stream, answers.respond(stream.request));
        }
    }

    private void answer(Stream stream, Response response) throws Http2Failure {
        stream.response = response;
        boolean sendsBody = !stream.request.isHead() && response.status().allowsBody() && response.body().length() > 0;
        byte[] block = encoder.encode(ResponseFields.of(response, dates.now()));
        // held to the queue's bound: bodiless answers (HEAD, 304) to a client that never reads must not pile up
        try {
            outbound.control(FrameWriter.headers(stream.id, block, !sendsBody, outbound.maxFrameSize()));
        } catch (Http2Failure e) {
            response.body().release(); // the connection ends before the stream holds it: its file is let go here
            throw e;
        }
        progress = true;
        if (sendsBody) {
            if (response.body() instanceof Body.FileRegion) {
                stream.holdsFile = true;
                filesHeld++;
            }
            stream.body = new ResponseBody(response.body());
            outbound.ready(stream);
        } else {
            response.body().release();
            sent(stream);
        }
    }

    /** The response's END_STREAM is queued. */
    private void sent(Stream stream) {
        guard.streamCompleted();
        answers.report(stream);
        if (stream.state == StreamState.HALF_CLOSED_REMOTE) {
            close(stream);
        } else {
            // answered before the request ended (413): the rest of its body is not wanted (RFC 9113 8.1)
            stream.state = StreamState.HALF_CLOSED_LOCAL;
            outbound.add(FrameWriter.rstStream(stream.id, ErrorCode.NO_ERROR));
            close(stream);
        }
    }

    private void close(Stream stream) {
        if (stream.state == StreamState.CLOSED) {
            return;
        }
        if (stream.response != null && stream.sending()) {
            answers.report(stream); // cut short by a reset: reported with what was sent
        }
        if (stream.response == null) {
            waiting.remove(stream); // reset while it waited (at most maxConcurrentStreams to look through)
        }
        if (stream.holdsFile) {
            stream.holdsFile = false;
            filesHeld--;
        }
        stream.state = StreamState.CLOSED;
        streams.remove(stream.id);
        outbound.forget(stream);
        if (stream.body != null) {
            stream.body.release();
        }
    }
}
