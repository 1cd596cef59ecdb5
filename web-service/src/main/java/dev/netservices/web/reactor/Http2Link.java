package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.http.Request;
import dev.netservices.web.http.Response;
import dev.netservices.web.http2.Abuse;
import dev.netservices.web.http2.ErrorCode;
import dev.netservices.web.http2.Http2Events;
import dev.netservices.web.http2.Http2Session;

/**
 * A {@link Connection} that speaks HTTP/2: moves bytes between its transport and its {@link Http2Session} on
 * the connection's own event loop, reports each stream's exchange like an HTTP/1.1 one (protocol
 * {@code HTTP/2.0} in the request line) and keeps the connection's one deadline:
 *
 * <ul>
 *   <li>nothing to do for the idle timeout: GOAWAY(NO_ERROR) and close;</li>
 *   <li>responses waiting the idle timeout on windows the client does not open, or on a socket it does not read
 *       (CVE-2019-9517, slow read): GOAWAY(ENHANCE_YOUR_CALM) and close.</li>
 * </ul>
 *
 * While output waits for the socket the link keeps reading (a client's WINDOW_UPDATE must get through); what
 * the session may queue meanwhile is bounded by the session itself.
 */
final class Http2Link implements Http2Events {

    private static final Logger log = LoggerFactory.getLogger(Http2Link.class);

    private final Connection connection;
    private final Http2Session session;
    private final Transport transport;
    private final Interest interest;
    private final ByteBuffer readBuffer;
    private final Timeouts timeouts;
    private final ConnectionSetup setup;
    private final ServiceClock clock;

    /** @param prefaceLeft bytes of the client preface not yet read */
    Http2Link(Connection connection, ConnectionSetup setup, Transport transport, Interest interest,
            ByteBuffer readBuffer, Timeouts timeouts, int prefaceLeft) {
        this.connection = connection;
        this.setup = setup;
        this.transport = transport;
        this.interest = interest;
        this.readBuffer = readBuffer;
        this.timeouts = timeouts;
        this.clock = setup.clock();
        this.session = new Http2Session(setup.http2().options(), setup.responder().handler(), this, clock,
                setup.dates(), prefaceLeft);
        timeouts.headerFrom(clock.nanoTime()); // the preface and first SETTINGS get no more time than a head
    }

    /** Takes bytes the HTTP/1.1 side already read (the rest of the preface and what followed it). */
    void start(ByteBuffer in) {
        session.receive(in);
        if (transport.hasBufferedInput()) {
            onReadable(); // TLS may hold more decrypted frames, which the socket will not signal again
        } else {
            flush();
        }
    }

    void onReadable() {
        int n;
        do {
            readBuffer.clear();
            try {
                n = transport.read(readBuffer);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                connection.close();
                return;
            }
            if (n > 0) {
                readBuffer.flip();
                session.receive(readBuffer);
            }
        } while (n > 0 && !session.done() && transport.hasBufferedInput());
        flush();
    }

    void onWritable() {
        flush();
    }

    private void flush() {
        try {
            while (true) {
                session.fill();
                if (!session.hasOutput()) {
                    break;
                }
                transport.write(session.output());
                session.written();
                if (session.hasOutput()) {
                    blocked();
                    return;
                }
            }
            if (!transport.flush()) {
                blocked();
                return;
            }
        } catch (IOException e) {
            connection.close();
            return;
        }
        long now = clock.nanoTime();
        if (session.takeProgress() || !(session.busy() || session.opening())) {
            timeouts.idleFrom(now);
        }
        if (session.done()) {
            connection.linger(now);
            return;
        }
        interest.set(SelectionKey.OP_READ);
    }

    private void blocked() {
        if (session.takeProgress()) {
            timeouts.idleFrom(clock.nanoTime());
        }
        interest.set(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    /** The connection's deadline has passed. */
    void timedOut() {
        if (session.waitingForWindow() || session.hasOutput()) {
            session.end(ErrorCode.ENHANCE_YOUR_CALM, Abuse.STALLED, "responses stalled for the idle timeout");
        } else {
            session.end(ErrorCode.NO_ERROR, null, "idle");
        }
        flush();
        if (!session.hasOutput()) {
            return;
        }
        connection.close(); // the client does not read even the GOAWAY
    }

    void drain() {
        session.drain();
        flush();
    }

    void release() {
        session.release();
    }

    // ---- what the session reports ----

    @Override
    public void answered(Request request, String requestLine, Response response, long bodyBytes, long startNanos,
            Instant startTime) {
        setup.stats().requestServed();
        try {
            setup.listener().exchanged(new Exchange(connection.address(), requestLine, response.status().code(),
                    bodyBytes, clock.nanoTime() - startNanos, startTime, request == null ? null : request.header("referer"),
                    request == null ? null : request.header("user-agent")));
        } catch (RuntimeException e) {
            log.warn("Exchange listener failed", e);
        }
    }

    @Override
    public void connectionError(ErrorCode code, Abuse abuse) {
        setup.http2().listener().connectionEnded(code, abuse);
    }

    @Override
    public void streamRefused() {
        setup.http2().listener().streamRefused();
    }
}
