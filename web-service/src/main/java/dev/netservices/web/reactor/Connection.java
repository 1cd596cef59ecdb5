package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.QuietClose;
import dev.netservices.web.http.Body;
import dev.netservices.web.http.ParseResult;
import dev.netservices.web.http.Request;
import dev.netservices.web.http.RequestParser;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.ResponseHead;
import dev.netservices.web.http.Status;

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
 *         |                                           |      EOF or one second, so that the client
 *         v                                           v      reads our answer before any RST
 *       CLOSED <--------------------------------------+
 *
 *  header timeout in READING (request started, or nothing sent since accept): a 408 -> WRITING
 *  header timeout in READING while the TLS handshake is not done: CLOSED (no HTTP can be said yet)
 *  idle timeout in WRITING (client does not read) or in LINGERING: CLOSED
 * </pre>
 *
 * <p>On the TLS port the handshake happens inside READING, below the parser: the {@link Transport}
 * unwraps and wraps handshake records as reads come, and while some of them wait to be sent the
 * connection asks for OP_WRITE without leaving READING. A failed handshake (plain HTTP sent to the TLS
 * port among them) closes the connection.
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

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final long LINGER_NANOS = 1_000_000_000L;
    private static final int MAX_LINGER_BYTES = 256 * 1024;

    private final EventLoop loop;
    private final SocketChannel channel;
    private final Transport transport;
    private final String remoteAddress;
    private final RequestParser parser;
    private SelectionKey key;

    private State state = State.READING;
    private long deadline;
    private int served;
    private long requestStart;
    private Instant requestTime;
    private ByteBuffer pending;

    // The response being written.
    private final ResponseWriter writer = new ResponseWriter();
    private long bodyLength;
    private boolean closeAfterWrite;
    private int status;
    private String requestLine;
    private int lingered;

    Connection(EventLoop loop, SocketChannel channel, Transport transport, String remoteAddress) {
        this.loop = loop;
        this.channel = channel;
        this.transport = transport;
        this.remoteAddress = remoteAddress;
        this.parser = new RequestParser(loop.limits());
    }

    void register(Selector selector) throws IOException {
        key = channel.register(selector, SelectionKey.OP_READ, this);
        long now = loop.clock().nanoTime();
        requestStart = now;
        requestTime = loop.clock().now();
        deadline = now + loop.limits().headerTimeout().toNanos();
    }

    State state() {
        return state;
    }

    // ---- READING ----

    void onReadable() {
        if (state == State.LINGERING) {
            dropLingering();
            return;
        }
        ByteBuffer buffer = loop.readBuffer();
        int n;
        do {
            buffer.clear();
            try {
                n = transport.read(buffer);
            } catch (IOException e) {
                close(); // under TLS also a failed handshake, or plain HTTP on the TLS port
                return;
            }
            if (n < 0) {
                close();
                return;
            }
            if (n > 0) {
                buffer.flip();
                process(buffer);
            }
            // TLS may hold decrypted requests the socket will not signal again
        } while (n > 0 && state == State.READING && transport.hasBufferedInput());
        if (state == State.READING) {
            sendHandshake();
        }
    }

    // Handshake records queued by a read go out now, or when the socket is writable again.
    private void sendHandshake() {
        try {
            interest(transport.flush() ? SelectionKey.OP_READ : SelectionKey.OP_WRITE);
        } catch (IOException e) {
            close();
        }
    }

    private void dropLingering() {
        ByteBuffer buffer = loop.readBuffer();
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            close();
            return;
        }
        lingered += Math.max(0, n);
        if (n < 0 || lingered > MAX_LINGER_BYTES) {
            close();
        }
    }

    private void process(ByteBuffer in) {
        while (state == State.READING && in.hasRemaining()) {
            if (!parser.inProgress() && served > 0) {
                long now = loop.clock().nanoTime();
                requestStart = now;
                requestTime = loop.clock().now();
                deadline = now + loop.limits().headerTimeout().toNanos();
            }
            switch (parser.parse(in)) {
                case ParseResult.NeedMore needMore -> {
                }
                case ParseResult.Parsed parsed -> respond(parsed.request());
                case ParseResult.Rejected rejected -> startWrite(
                        Reply.refusing(Response.error(rejected.status(), rejected.message()), rejected.requestLine()));
            }
        }
        if (state == State.WRITING && in.hasRemaining()) {
            pending = in == loop.readBuffer() ? copyOf(in) : in;
        }
    }

    private void respond(Request request) {
        Response response;
        try {
            response = loop.handler().handle(request);
        } catch (RuntimeException e) {
            log.warn("Handler failed on {}: {}", request.requestLine(), e.toString(), e);
            response = Response.error(Status.INTERNAL_SERVER_ERROR, "the server could not answer this request");
        }
        startWrite(Reply.to(request, response, loop.draining()));
    }

    // ---- WRITING ----

    private void startWrite(Reply reply) {
        state = State.WRITING;
        Response response = reply.response();
        requestLine = reply.requestLine();
        status = response.status().code();
        closeAfterWrite = !reply.persistence().keepsOpen();
        bodyLength = reply.sendsBody() ? response.body().length() : 0;
        writer.start(ResponseHead.encode(response, loop.date(), reply.persistence()), response.body(), reply.sendsBody());
        deadline = loop.clock().nanoTime() + loop.limits().idleTimeout().toNanos();
        flush();
    }

    void onWritable() {
        if (state == State.READING) {
            sendHandshake(); // the request's deadline stands: a handshake gets no more time than a head
            return;
        }
        deadline = loop.clock().nanoTime() + loop.limits().idleTimeout().toNanos();
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
            case BLOCKED -> interest(SelectionKey.OP_WRITE);
            case FAILED -> {
                // Cut short (client gone, or the file shrank below its promised length): still logged, with what was sent.
                bodyLength = writer.bodyBytesSent();
                logExchange();
                close();
            }
        }
    }

    // Most responses leave in one write, so the interest rarely changes: skip the selector's update queue then.
    private void interest(int ops) {
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private void written() {
        long now = logExchange();
        served++;
        if (closeAfterWrite) {
            linger();
            return;
        }
        state = State.READING;
        interest(SelectionKey.OP_READ);
        deadline = now + loop.limits().idleTimeout().toNanos();
    }

    private long logExchange() {
        long now = loop.clock().nanoTime();
        loop.exchanged(new Exchange(remoteAddress, requestLine, status, bodyLength, now - requestStart, requestTime));
        return now;
    }

    // ---- LINGERING and CLOSED ----

    private void linger() {
        state = State.LINGERING;
        pending = null;
        try {
            transport.shutdownOutput();
            interest(SelectionKey.OP_READ);
        } catch (IOException e) {
            close();
            return;
        }
        deadline = loop.clock().nanoTime() + LINGER_NANOS;
    }

    /** Called by the loop's sweep. */
    void checkTimeout(long now) {
        if (now - deadline < 0) {
            return;
        }
        if (state == State.READING && transport.handshaking()) {
            close(); // a TLS handshake not done within the header timeout: no HTTP can be said yet
        } else if (state == State.READING && (parser.inProgress() || served == 0)) {
            startWrite(Reply.refusing(Response.error(Status.REQUEST_TIMEOUT,
                    "request not received within " + loop.limits().headerTimeout().toMillis() + " ms"),
                    parser.requestLineSoFar()));
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
        if (key != null) {
            key.cancel();
        }
        QuietClose.close(channel);
        writer.release();
        transport.release();
        loop.closed(this);
    }

    private static ByteBuffer copyOf(ByteBuffer in) {
        ByteBuffer copy = ByteBuffer.allocate(in.remaining());
        copy.put(in).flip();
        return copy;
    }
}
