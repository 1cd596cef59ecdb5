package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import dev.netservices.common.tls.ServerTls;

/**
 * TLS over a non-blocking channel with an {@link SSLEngine}, on the event loop's thread: the handshake
 * advances whenever the socket is ready (the connection asks for OP_WRITE while {@link #flush()} says
 * handshake bytes are still queued), and no thread ever waits for it.
 *
 * <p>Memory per connection is bounded: one packet of received records ({@code netIn}), two packets of
 * records to send ({@code netOut}), and while a file is sent one record's worth of its bytes
 * ({@code fileChunk}). A file cannot go by zero-copy here, since every byte passes through the cipher:
 * it is read from its FileChannel a record at a time and encrypted into {@code netOut}.
 *
 * <p>The engine's delegated tasks (certificate and key work) run inline on the loop: they take
 * microseconds to a millisecond, and handing them to another thread would buy little for a static server.
 */
final class TlsTransport implements Transport {

    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};
    private static final String[] APPLICATION_PROTOCOLS = {"http/1.1"};

    private final SocketChannel channel;
    private final SSLEngine engine;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ByteBuffer fileChunk;
    private final int applicationBytes;
    // unwrap stopped because the reader's buffer was full, not for want of bytes from the socket
    private boolean unwrapPending;
    private boolean inboundDone;

    /**
     * The server side of a connection accepted now: the bundle's current context (a reloaded certificate
     * serves new connections at once), the platform's protocol versions, ALPN offering {@code http/1.1}.
     */
    static TlsTransport accept(SocketChannel channel, ServerTls tls) throws SSLException {
        SSLEngine engine = tls.context().createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(ServerTls.enabledProtocols(engine.getSupportedProtocols()));
        parameters.setApplicationProtocols(APPLICATION_PROTOCOLS);
        engine.setSSLParameters(parameters);
        return new TlsTransport(channel, engine);
    }

    private TlsTransport(SocketChannel channel, SSLEngine engine) throws SSLException {
        this.channel = channel;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.applicationBytes = engine.getSession().getApplicationBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(2 * packet);
        engine.beginHandshake();
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        if (inboundDone) {
            return -1;
        }
        int start = into.position();
        unwrapPending = false;
        try {
            while (true) {
                HandshakeStatus status = engine.getHandshakeStatus();
                if (status == HandshakeStatus.NEED_TASK) {
                    runTasks();
                } else if (status == HandshakeStatus.NEED_WRAP) {
                    if (!wrap(NOTHING)) {
                        break; // netOut is full: flush() reports it, and OP_WRITE brings us back
                    }
                } else if (into.remaining() < applicationBytes) {
                    unwrapPending = netIn.position() > 0;
                    break;
                } else {
                    netIn.flip();
                    SSLEngineResult result = engine.unwrap(netIn, into);
                    netIn.compact();
                    switch (result.getStatus()) {
                        case OK -> {
                        }
                        case CLOSED -> {
                            inboundDone = true;
                            return into.position() > start ? into.position() - start : -1;
                        }
                        case BUFFER_OVERFLOW -> {
                            unwrapPending = true;
                            return into.position() - start;
                        }
                        case BUFFER_UNDERFLOW -> {
                            ensureRoomForPacket();
                            int n = channel.read(netIn);
                            if (n < 0) {
                                inboundDone = true;
                                return into.position() > start ? into.position() - start : -1;
                            }
                            if (n == 0) {
                                return into.position() - start;
                            }
                        }
                    }
                }
            }
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
        return into.position() - start;
    }

    @Override
    public long write(ByteBuffer[] from) throws IOException {
        if (!flush()) {
            return 0;
        }
        long taken = 0;
        while (hasRemaining(from) && roomForRecord()) {
            SSLEngineResult result = engine.wrap(from, netOut);
            checkOpen(result);
            taken += result.bytesConsumed();
        }
        flush();
        return taken;
    }

    @Override
    public long send(FileChannel file, long position, long count) throws IOException {
        if (!flush()) {
            return 0;
        }
        if (fileChunk == null) {
            fileChunk = ByteBuffer.allocate(Math.min(16 * 1024, applicationBytes));
        }
        long taken = 0;
        while (taken < count && roomForRecord()) {
            fileChunk.clear().limit((int) Math.min(fileChunk.capacity(), count - taken));
            if (file.read(fileChunk, position + taken) <= 0) {
                break; // the file ended early: the writer sees it shrank
            }
            fileChunk.flip();
            // One record's worth always fits in the room checked for: the chunk is taken whole.
            SSLEngineResult result = engine.wrap(fileChunk, netOut);
            checkOpen(result);
            taken += result.bytesConsumed();
        }
        flush();
        return taken;
    }

    @Override
    public boolean flush() throws IOException {
        if (netOut.position() == 0) {
            return true;
        }
        netOut.flip();
        try {
            while (netOut.hasRemaining() && channel.write(netOut) > 0) {
                // the socket takes what it can
            }
        } finally {
            netOut.compact();
        }
        return netOut.position() == 0;
    }

    @Override
    public boolean hasBufferedInput() {
        return unwrapPending;
    }

    @Override
    public boolean handshaking() {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
    }

    @Override
    public void shutdownOutput() throws IOException {
        engine.closeOutbound();
        if (roomForRecord()) {
            engine.wrap(NOTHING, netOut); // close_notify
        }
        flush();
        channel.shutdownOutput();
    }

    @Override
    public void release() {
        fileChunk = null;
        netIn = ByteBuffer.allocate(0);
        netOut = ByteBuffer.allocate(0);
    }

    /** Wraps handshake output into netOut; false when there is no room until netOut is flushed. */
    private boolean wrap(ByteBuffer[] from) throws IOException {
        if (!roomForRecord()) {
            return false;
        }
        SSLEngineResult result = engine.wrap(from, netOut);
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            flush();
            throw new SSLException("the TLS handshake was ended");
        }
        return true;
    }

    private boolean roomForRecord() throws IOException {
        int packet = engine.getSession().getPacketBufferSize();
        if (netOut.remaining() >= packet) {
            return true;
        }
        flush();
        if (netOut.capacity() < packet) {
            netOut = grown(netOut, 2 * packet);
        }
        return netOut.remaining() >= packet;
    }

    private void ensureRoomForPacket() {
        int packet = engine.getSession().getPacketBufferSize();
        if (netIn.capacity() < packet) {
            netIn = grown(netIn, packet);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** A failed handshake leaves an alert in the engine: the client learns why before the close. */
    private void sendAlert() {
        try {
            engine.closeOutbound();
            while (!engine.isOutboundDone() && roomForRecord()) {
                engine.wrap(NOTHING, netOut);
            }
            flush();
        } catch (IOException | RuntimeException ignored) {
            // the connection closes anyway
        }
    }

    private static void checkOpen(SSLEngineResult result) throws SSLException {
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new SSLException("the TLS session is closed");
        }
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer != null && buffer.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private static ByteBuffer grown(ByteBuffer buffer, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }
}
