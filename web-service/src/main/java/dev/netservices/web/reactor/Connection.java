package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.http.Body;
import dev.netservices.web.http.HttpDate;
import dev.netservices.web.http.ParseResult;
import dev.netservices.web.http.RequestParser;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.ResponseHead;

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
 * </pre>
 *
 * <p>This class is the diagram: each state's events are its methods, in the diagram's order. The jobs
 * inside a state are parts of their own: the one deadline ({@link Timeouts}), the lingering close
 * ({@link Linger}), the selector interest ({@link Interest}), the TLS handshake ({@link HandshakePump}), the
 * handler's call ({@link Responder}), the bytes of one response ({@link ResponseWriter}) and the exchange's
 * report to the access log and metrics ({@link ExchangeReporter}). Of its loop a connection asks only
 * whether the server drains, and tells it when the connection has closed.
 *
 * <p>On the TLS port the handshake happens inside READING, below the parser: the {@link Transport}
 * unwraps and wraps handshake records as reads come, and while some of them wait to be sent the
 * connection asks for OP_WRITE without leaving READING ({@link HandshakePump}). A failed handshake (plain
 * HTTP sent to the TLS port among them) closes the connection.
 *
 * <p>While WRITING the connection does not read: bytes of pipelined requests already received wait in
 * {@code pending}, and the client's further requests wait in its socket, which is our back-pressure.
 * Responses therefore leave in the order the requests came.
 *
 * <p>The connection only moves bytes: the handler decides every status, and a file to send arrives
 * already open ({@link Body.FileRegion}).
 */
final class Connection {

    enum State { READING, WRITING, LINGERING, CLOSED }

    private final EventLoop loop;
    private final SocketChannel channel;
    private final Transport transport;
    private final RequestParser parser;
    private final Responder responder;
    private final ServiceClock clock;
    private final HttpDate dates;
    // The loop's, shared by all its connections: a connection keeps bytes of its own only while pipelining.
    private final ByteBuffer readBuffer;
    private final Timeouts timeouts;
    private final ExchangeReporter reporter;
    private final String address;
    private final ResponseWriter writer = new ResponseWriter();
    private Interest interest;
    private HandshakePump handshake;
    private Linger linger;

    private State state = State.READING;
    private int served;
    private ByteBuffer pending;
    private OutgoingResponse outgoing;

    /** @param readBuffer the loop's, shared by all its connections */
    Connection(EventLoop loop, ConnectionSetup setup, ByteBuffer readBuffer, SocketChannel channel, Transport transport,
            String remoteAddress) {
        this.loop = loop;
        this.channel = channel;
        this.transport = transport;
        this.parser = new RequestParser(setup.limits());
        this.responder = setup.responder();
        this.clock = setup.clock();
        this.dates = setup.dates();
        this.readBuffer = readBuffer;
        this.timeouts = new Timeouts(setup.limits());
        this.reporter = new ExchangeReporter(remoteAddress, clock, setup.stats(), setup.listener());
        this.address = remoteAddress;
    }

    String address() {
        return address;
    }

    void register(Selector selector) throws IOException {
        transport.afterTasks(() -> loop.resume(this));
        interest = new Interest(channel.register(selector, SelectionKey.OP_READ, this));
        // On the TLS port the loop took a handshake slot for this connection: the pump gives it back.
        handshake = new HandshakePump(transport, interest, transport.handshaking(), () -> loop.handshakeEnded(this));
        requestBegins(clock.nanoTime());
    }

    State state() {
        return state;
    }

    private void requestBegins(long now) {
        reporter.requestBegins(now);
        timeouts.headerFrom(now);
    }

    // ---- READING ----

    void onReadable() {
        if (state == State.LINGERING) {
            if (linger.dropInput(readBuffer)) {
                close();
            }
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
        while (state == State.READING && in.hasRemaining()) {
            if (!parser.inProgress() && served > 0) {
                requestBegins(clock.nanoTime());
            }
            switch (parser.parse(in)) {
                case ParseResult.NeedMore needMore -> {
                }
                case ParseResult.Parsed parsed -> startWrite(responder.respond(parsed.request(), loop.draining()));
                case ParseResult.Rejected rejected -> startWrite(OutgoingResponse.refusing(
                        Response.error(rejected.status(), rejected.message()), rejected.requestLine()));
            }
        }
        if (state == State.WRITING && in.hasRemaining()) {
            pending = in == readBuffer ? copyOf(in) : in;
        }
    }

    // ---- WRITING ----

    private void startWrite(OutgoingResponse next) {
        state = State.WRITING;
        outgoing = next;
        Response response = next.response();
        writer.start(ResponseHead.encode(response, dates.now(), next.keepAlive()), response.body(), next.sendsBody());
        timeouts.idleFrom(clock.nanoTime());
        flush();
    }

    void onWritable() {
        if (state == State.READING) {
            // the request's deadline stands: a handshake gets no more time than a head
            if (!handshake.pump()) {
                close();
            }
            return;
        }
        timeouts.idleFrom(clock.nanoTime());
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

    private void linger(long now) {
        state = State.LINGERING;
        pending = null;
        try {
            transport.shutdownOutput();
            interest.set(SelectionKey.OP_READ);
        } catch (IOException e) {
            close();
            return;
        }
        linger = new Linger(channel);
        timeouts.lingerFrom(now);
    }

    /** Called by the loop's sweep. */
    void checkTimeout(long now) {
        if (!timeouts.passed(now)) {
            return;
        }
        if (state == State.READING && handshake.unfinished()) {
            close();
        } else if (state == State.READING && (parser.inProgress() || served == 0)) {
            startWrite(OutgoingResponse.timedOut(timeouts.headerMillis(), parser.requestLineSoFar()));
        } else {
            close();
        }
    }

    /** The server is shutting down: an idle connection goes now, a busy one after its response. */
    void drain() {
        if (state == State.READING && !parser.inProgress() && pending == null) {
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
        transport.release();
        loop.closed(this);
    }

    private static ByteBuffer copyOf(ByteBuffer in) {
        return ByteBuffer.allocate(in.remaining()).put(in).flip();
    }
}
