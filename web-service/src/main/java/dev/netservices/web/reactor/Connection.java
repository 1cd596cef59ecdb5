package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

import dev.netservices.common.net.QuietClose;
import dev.netservices.web.http.Body;
import dev.netservices.web.http.ParseResult;
import dev.netservices.web.http.RequestParser;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.ResponseHead;
import dev.netservices.web.http2.Http2Session;

/**
 * One client connection. Only its event loop's thread ever touches it, so it has no locks.
 *
 * <pre>
 *        accept (header timeout starts)
 *          |
 *          v
 *  +---> READING --request parsed or rejected--> WRITING --socket full--> (wait for OP_WRITE) --+
 *  |      |   ^                                   |   ^                                          |
 *  |      |   +--written, keep-alive, more bytes--+   +------------------------------------------+
 *  |      |          already received (pipelined)     |
 *  +------+--------written, keep-alive----------------+
 *         |                                           |
 *         | idle timeout, EOF, drain                  | written, must close (Connection: close, error,
 *         |                                           v  HTTP/1.0, draining)
 *         |                                       LINGERING: output shut down; read and drop until
 *         |                                           |      EOF or one second ({@link Linger}), so that
 *         v                                           v      the client reads our answer before any RST
 *       CLOSED <--------------------------------------+
 *
 *  header timeout in READING (request started, or nothing sent since accept): a 408 -> WRITING
 *  header timeout in READING while the TLS handshake is not done: CLOSED (no HTTP can be said yet)
 *  TLS handshake task handed off (READING, no selector interest) --task done--> READING ({@link #onTaskDone})
 *  idle timeout in WRITING (client does not read) or in LINGERING: CLOSED
 *  READING, first bytes (ALPN h2, or the HTTP/2 preface) --> HTTP2: {@link Http2Link} runs it to CLOSED or LINGERING
 * </pre>
 *
 * <p>This class is the diagram: each state's events are its methods, in the diagram's order; the jobs inside a
 * state are parts of their own ({@link Timeouts}, {@link Linger}, {@link Interest}, {@link HandshakePump},
 * {@link Responder}, {@link ResponseWriter}, {@link ExchangeReporter}, {@link Http2Link}).
 *
 * <p>The TLS handshake, pipelining and back-pressure: see the package's description.
 */
final class Connection {

    enum State { READING, WRITING, HTTP2, LINGERING, CLOSED }

    private final EventLoop loop;
    private final SocketChannel channel;
    private final Transport transport;
    private final RequestParser parser;
    private final ByteBuffer readBuffer; // the loop's: a connection keeps bytes of its own only while pipelining
    private final Timeouts timeouts;
    private final ExchangeReporter reporter;
    private final ConnectionSetup setup;
    private final ResponseWriter writer = new ResponseWriter();
    private Interest interest;
    private HandshakePump handshake;
    private Linger linger;

    private State state = State.READING;
    private int served;
    private ByteBuffer pending;
    private OutgoingResponse outgoing;
    private Http2Link http2;

    Connection(EventLoop loop, ConnectionSetup setup, ByteBuffer readBuffer, SocketChannel channel, Transport transport,
            String remoteAddress) {
        this.loop = loop;
        this.channel = channel;
        this.transport = transport;
        this.parser = new RequestParser(setup.limits());
        this.readBuffer = readBuffer;
        this.timeouts = new Timeouts(setup.limits());
        this.reporter = new ExchangeReporter(remoteAddress, setup.clock(), setup.stats(), setup.listener());
        this.setup = setup;
    }

    String address() {
        return reporter.address();
    }

    void register(Selector selector) throws IOException {
        transport.afterTasks(() -> loop.resume(this));
        interest = new Interest(channel.register(selector, SelectionKey.OP_READ, this));
        // On the TLS port the loop took a handshake slot for this connection: the pump gives it back.
        handshake = new HandshakePump(transport, interest, transport.handshaking(), () -> loop.handshakeEnded(this));
        timeouts.headerFrom(reporter.requestBegins());
    }

    State state() {
        return state;
    }

    // ---- READING ----

    void onReadable() {
        if (state == State.LINGERING) {
            if (linger.dropInput(readBuffer)) {
                close();
            }
            return;
        }
        if (state == State.HTTP2) {
            http2.onReadable();
            return;
        }
        ByteBuffer buffer = readBuffer;
        int n;
        do {
            buffer.clear();
            try {
                n = transport.read(buffer);
            } catch (IOException e) {
                n = -1; // under TLS also a failed handshake, or plain HTTP on the TLS port
            }
            if (n < 0) {
                close();
                return;
            }
            handshake.checkEnded();
            if (n > 0) {
                buffer.flip();
                process(buffer);
            }
            // TLS may hold decrypted requests the socket will not signal again
        } while (n > 0 && state == State.READING && transport.hasBufferedInput());
        if (state == State.READING && !handshake.pump()) {
            close();
        }
    }

    /** A handshake task that ran off the loop is done: the handshake goes on where it stopped. */
    void onTaskDone() {
        if (state == State.READING) {
            onReadable();
        }
    }

    private void process(ByteBuffer in) {
        if (served == 0 && !parser.inProgress() && toHttp2(in, transport.applicationProtocol().equals("h2"), false)) {
            return;
        }
        while (state == State.READING && in.hasRemaining()) {
            if (!parser.inProgress() && served > 0) {
                timeouts.headerFrom(reporter.requestBegins());
            }
            switch (parser.parse(in)) {
                case ParseResult.NeedMore needMore -> {
                }
                case ParseResult.Parsed parsed -> startWrite(setup.responder().respond(parsed.request(), loop.draining()));
                case ParseResult.Rejected rejected -> {
                    // RFC 9113 3.3: the preface's first line is a request line HTTP/1.1 refuses, so this costs it nothing
                    if (!toHttp2(in, served == 0 && rejected.requestLine().equals("PRI * HTTP/2.0"), true)) {
                        startWrite(OutgoingResponse.refusing(Response.error(rejected.status(), rejected.message()),
                                rejected.requestLine()));
                    }
                }
            }
        }
        if (state == State.WRITING && in.hasRemaining()) {
            pending = in == readBuffer ? ByteBuffer.allocate(in.remaining()).put(in).flip() : in;
        }
    }

    /** @param requestLineRead the HTTP/1.1 parser took the preface's first line; the rest is in {@code in} or to come */
    private boolean toHttp2(ByteBuffer in, boolean h2, boolean requestLineRead) {
        if (h2 && setup.http2() != null) {
            state = State.HTTP2;
            http2 = new Http2Link(this, setup, transport, interest, readBuffer, timeouts,
                    requestLineRead ? Http2Session.PREFACE_AFTER_REQUEST_LINE : Http2Session.PREFACE_LENGTH);
            http2.start(in);
        }
        return http2 != null;
    }

    // ---- WRITING ----

    private void startWrite(OutgoingResponse next) {
        state = State.WRITING;
        outgoing = next;
        Response response = next.response();
        writer.start(ResponseHead.encode(response, setup.dates().now(), next.keepAlive()), response.body(), next.sendsBody());
        timeouts.idleFrom(setup.clock().nanoTime());
        flush();
    }

    void onWritable() {
        if (state == State.HTTP2) {
            http2.onWritable();
            return;
        }
        if (state == State.READING) {
            // the request's deadline stands: a handshake gets no more time than a head
            if (!handshake.pump()) {
                close();
            }
            return;
        }
        timeouts.idleFrom(setup.clock().nanoTime());
        flush();
        if (state == State.READING && pending != null) {
            ByteBuffer next = pending;
            pending = null;
            process(next);
        }
        if (state == State.READING && transport.hasBufferedInput()) {
            onReadable();
        }
    }

    private void flush() {
        switch (writer.writeTo(transport)) {
            case DONE -> written();
            case BLOCKED -> interest.set(SelectionKey.OP_WRITE);
            case FAILED -> {
                // Cut short (client gone, or the file shrank below its promised length): still reported, with what was sent.
                reporter.report(outgoing, writer.bodyBytesSent());
                close();
            }
        }
    }

    private void written() {
        long now = reporter.report(outgoing, writer.bodyBytesSent());
        served++;
        if (!outgoing.keepAlive().keepsOpen()) {
            linger(now);
            return;
        }
        state = State.READING;
        interest.set(SelectionKey.OP_READ);
        timeouts.idleFrom(now);
    }

    // ---- LINGERING and CLOSED ----

    /** After the last response (over HTTP/2: after the GOAWAY). */
    void linger(long now) {
        state = State.LINGERING;
        pending = null;
        linger = Linger.begin(channel, transport, interest);
        if (linger == null) {
            close();
            return;
        }
        timeouts.lingerFrom(now);
    }

    /** Called by the loop's sweep. */
    void checkTimeout(long now) {
        if (!timeouts.passed(now)) {
            return;
        }
        if (state == State.HTTP2) {
            http2.timedOut();
        } else if (state == State.READING && handshake.unfinished()) {
            close();
        } else if (state == State.READING && (parser.inProgress() || served == 0)) {
            startWrite(OutgoingResponse.timedOut(timeouts.headerMillis(), parser.requestLineSoFar()));
        } else {
            close();
        }
    }

    /** The server is shutting down: an idle connection goes now, a busy one after its response. */
    void drain() {
        if (state == State.HTTP2) {
            http2.drain();
        } else if (state == State.READING && !parser.inProgress() && pending == null) {
            close();
        }
    }

    void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        QuietClose.close(channel); // first: it cannot throw, and the descriptor must go whatever follows
        if (interest != null) {
            interest.cancel();
            handshake.closed();
        } else if (transport.handshaking()) {
            loop.handshakeEnded(this); // never registered: the slot taken at accept goes back here
        }
        writer.release();
        if (http2 != null) {
            http2.release();
        }
        transport.release();
        loop.closed(this);
    }
}
