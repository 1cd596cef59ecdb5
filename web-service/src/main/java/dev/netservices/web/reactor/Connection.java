package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.web.http.Body;
import dev.netservices.web.http.HttpVersion;
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
 *  idle timeout in WRITING (client does not read) or in LINGERING: CLOSED
 * </pre>
 *
 * <p>While WRITING the connection does not read: bytes of pipelined requests already received wait in
 * {@code pending}, and the client's further requests wait in its socket, which is our back-pressure.
 * Responses therefore leave in the order the requests came.
 */
final class Connection {

    enum State { READING, WRITING, LINGERING, CLOSED }

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final long LINGER_NANOS = 1_000_000_000L;
    private static final int MAX_LINGER_BYTES = 256 * 1024;

    private final EventLoop loop;
    private final SocketChannel channel;
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
    private final ByteBuffer[] headAndBody = new ByteBuffer[2];
    private FileChannel file;
    private long filePosition;
    private long fileEnd;
    private long bodyLength;
    private boolean closeAfterWrite;
    private int status;
    private String requestLine;
    private int lingered;

    Connection(EventLoop loop, SocketChannel channel, String remoteAddress) {
        this.loop = loop;
        this.channel = channel;
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
        ByteBuffer buffer = loop.readBuffer();
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            close();
            return;
        }
        if (n < 0) {
            close();
            return;
        }
        if (n == 0) {
            return;
        }
        if (state == State.LINGERING) {
            lingered += n;
            if (lingered > MAX_LINGER_BYTES) {
                close();
            }
            return;
        }
        buffer.flip();
        process(buffer);
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
                case ParseResult.Rejected rejected -> startWrite(Response.error(rejected.status(), rejected.message()),
                        false, false, false, rejected.requestLine());
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
        // After a 400 or a server error the two sides may disagree on where the next request starts.
        int code = response.status().code();
        boolean keepAlive = request.keepAlive() && !loop.draining() && code != 400 && code < 500;
        startWrite(response, request.isHead(), keepAlive, request.version() == HttpVersion.HTTP_1_0,
                request.requestLine());
    }

    // ---- WRITING ----

    private void startWrite(Response response, boolean head, boolean keepAlive, boolean http10, String line) {
        state = State.WRITING;
        requestLine = line;
        ByteBuffer body = null;
        file = null;
        if (!head && response.status().allowsBody() && response.body() instanceof Body.FileRegion region) {
            try {
                file = FileChannel.open(region.file(), StandardOpenOption.READ);
                filePosition = region.position();
                fileEnd = region.position() + region.length();
            } catch (NoSuchFileException e) {
                response = Response.error(Status.NOT_FOUND, "no such file");
            } catch (IOException e) {
                response = Response.error(Status.INTERNAL_SERVER_ERROR, "the file could not be read");
            }
        }
        if (response.status().code() >= 500) {
            keepAlive = false;
        }
        if (!head && response.status().allowsBody() && response.body() instanceof Body.Bytes bytes) {
            body = bytes.content().duplicate();
        }
        status = response.status().code();
        bodyLength = head || !response.status().allowsBody() ? 0 : response.body().length();
        closeAfterWrite = !keepAlive;
        headAndBody[0] = ResponseHead.encode(response, loop.date(), keepAlive, http10);
        headAndBody[1] = body;
        deadline = loop.clock().nanoTime() + loop.limits().idleTimeout().toNanos();
        flush();
    }

    void onWritable() {
        deadline = loop.clock().nanoTime() + loop.limits().idleTimeout().toNanos();
        flush();
        if (state == State.READING && pending != null) {
            ByteBuffer next = pending;
            pending = null;
            process(next);
        }
    }

    private void flush() {
        try {
            ByteBuffer head = headAndBody[0];
            ByteBuffer body = headAndBody[1];
            if (body != null) {
                while (head.hasRemaining() || body.hasRemaining()) {
                    if (channel.write(headAndBody) == 0) {
                        waitWritable();
                        return;
                    }
                }
            } else {
                while (head.hasRemaining()) {
                    if (channel.write(head) == 0) {
                        waitWritable();
                        return;
                    }
                }
            }
            if (file != null) {
                while (filePosition < fileEnd) {
                    long n = file.transferTo(filePosition, fileEnd - filePosition, channel);
                    if (n <= 0) {
                        if (file.size() < fileEnd) {
                            // The file shrank under us: the promised length cannot be kept, so end the connection.
                            close();
                            return;
                        }
                        waitWritable();
                        return;
                    }
                    filePosition += n;
                }
                file.close();
                file = null;
            }
        } catch (IOException e) {
            close();
            return;
        }
        written();
    }

    private void waitWritable() {
        interest(SelectionKey.OP_WRITE);
    }

    // Most responses leave in one write, so the interest rarely changes: skip the selector's update queue then.
    private void interest(int ops) {
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private void written() {
        long now = loop.clock().nanoTime();
        served++;
        headAndBody[0] = null;
        headAndBody[1] = null;
        loop.exchanged(new Exchange(remoteAddress, requestLine, status, bodyLength, now - requestStart, requestTime));
        if (closeAfterWrite) {
            linger();
            return;
        }
        state = State.READING;
        interest(SelectionKey.OP_READ);
        deadline = now + loop.limits().idleTimeout().toNanos();
    }

    // ---- LINGERING and CLOSED ----

    private void linger() {
        state = State.LINGERING;
        pending = null;
        try {
            channel.shutdownOutput();
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
        if (state == State.READING && (parser.inProgress() || served == 0)) {
            startWrite(Response.error(Status.REQUEST_TIMEOUT,
                    "request not received within " + loop.limits().headerTimeout().toMillis() + " ms"),
                    false, false, false, parser.requestLineSoFar());
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
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing left to tell the client
        }
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // read-only file
            }
            file = null;
        }
        loop.closed(this);
    }

    private static ByteBuffer copyOf(ByteBuffer in) {
        ByteBuffer copy = ByteBuffer.allocate(in.remaining());
        copy.put(in).flip();
        return copy;
    }
}
