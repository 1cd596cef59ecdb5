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
 * <p>Heap is spent only while there are bytes to hold ({@link RecordBuffers}): a silent handshake keeps just
 * the engine's own state (about 15 KiB in all, see docs/operations.md), where it used to cost 65 KiB. A file's bytes
 * go through the loop's one {@code fileChunk}, which every send empties. A file cannot go by zero-copy here,
 * since every byte passes through the cipher: it is read a record at a time.
 *
 * <p>The engine's delegated tasks (key exchange, the certificate's signature) go to {@link HandshakeTasks}, off
 * the loop; meanwhile {@link #awaitingTask()} is true, reads return nothing, and the callback given to
 * {@link #afterTasks} tells the loop to take the handshake up again.
 */
final class TlsTransport implements Transport {

    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};
    private static final String[] HTTP_1_1 = {"http/1.1"};
    private static final String[] H2_FIRST = {"h2", "http/1.1"};

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final HandshakeTasks tasks;
    private final ByteBuffer fileChunk;
    private final RecordBuffers records;
    private final int applicationBytes;
    // unwrap stopped because the reader's buffer was full, not for want of bytes from the socket
    private boolean unwrapPending;
    private boolean inboundDone;
    private volatile boolean taskRunning;
    private volatile Throwable taskFailure;
    private Runnable afterTasks = () -> { };

    /**
     * The server side of a connection accepted now: the bundle's current context (a reloaded certificate
     * serves new connections at once), the platform's protocol versions, ALPN offering {@code h2} (when
     * {@code http2}) then {@code http/1.1}, the first the client also offers chosen.
     *
     * @param tasks     where delegated tasks run; null: inline, on the caller's thread
     * @param fileChunk the loop's buffer for a record's worth of a file, shared by its connections
     */
    static TlsTransport accept(SocketChannel channel, ServerTls tls, HandshakeTasks tasks, ByteBuffer fileChunk,
            boolean http2) throws SSLException {
        SSLEngine engine = tls.context().createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(ServerTls.enabledProtocols(engine.getSupportedProtocols()));
        parameters.setApplicationProtocols(http2 ? H2_FIRST : HTTP_1_1);
        engine.setSSLParameters(parameters);
        return new TlsTransport(channel, engine, tasks, fileChunk);
    }

    private TlsTransport(SocketChannel channel, SSLEngine engine, HandshakeTasks tasks, ByteBuffer fileChunk)
            throws SSLException {
        this.channel = channel;
        this.engine = engine;
        this.tasks = tasks;
        this.fileChunk = fileChunk;
        this.records = new RecordBuffers(channel);
        this.applicationBytes = engine.getSession().getApplicationBufferSize();
        engine.beginHandshake();
    }

    @Override
    public void afterTasks(Runnable resume) {
        this.afterTasks = resume;
    }

    @Override
    public boolean awaitingTask() {
        return taskRunning;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        if (inboundDone) {
            return -1;
        }
        if (taskRunning) {
            return 0;
        }
        if (taskFailure != null) {
            throw new SSLException("a handshake task failed", taskFailure);
        }
        int start = into.position();
        unwrapPending = false;
        try {
            while (true) {
                HandshakeStatus status = engine.getHandshakeStatus();
                if (status == HandshakeStatus.NEED_TASK) {
                    if (!runTasks()) {
                        break; // taken up again by afterTasks
                    }
                } else if (status == HandshakeStatus.NEED_WRAP) {
                    if (!wrap(NOTHING)) {
                        break; // netOut is full: flush() reports it, and OP_WRITE brings us back
                    }
                } else if (into.remaining() < applicationBytes) {
                    unwrapPending = records.holdsInput();
                    break;
                } else {
                    ByteBuffer netIn = records.in().flip();
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
                            int n = records.readRecord(packetSize());
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
        } finally {
            records.dropEmptyInput(); // a silent client costs no input buffer
        }
        return into.position() - start;
    }

    @Override
    public long write(ByteBuffer[] from) throws IOException {
        if (!records.drain()) {
            return 0;
        }
        long taken = 0;
        while (hasRemaining(from) && roomForRecord()) {
            SSLEngineResult result = engine.wrap(from, records.out());
            checkOpen(result);
            taken += result.bytesConsumed();
        }
        flush();
        return taken;
    }

    @Override
    public long send(FileChannel file, long position, long count) throws IOException {
        if (!records.drain()) {
            return 0;
        }
        long taken = 0;
        while (taken < count && roomForRecord()) {
            fileChunk.clear().limit((int) Math.min(fileChunk.capacity(), count - taken));
            if (file.read(fileChunk, position + taken) <= 0) {
                break; // the file ended early: the writer sees it shrank
            }
            fileChunk.flip();
            // One record's worth always fits in the room checked for: the chunk is taken whole.
            SSLEngineResult result = engine.wrap(fileChunk, records.out());
            checkOpen(result);
            taken += result.bytesConsumed();
        }
        flush();
        return taken;
    }

    @Override
    public boolean flush() throws IOException {
        return records.flush();
    }

    @Override
    public boolean hasBufferedInput() {
        return unwrapPending;
    }

    @Override
    public String applicationProtocol() {
        String protocol = engine.getApplicationProtocol();
        return protocol == null ? "" : protocol;
    }

    @Override
    public boolean handshaking() {
        if (taskRunning) {
            return true; // and the engine is busy: not asked
        }
        HandshakeStatus status = engine.getHandshakeStatus();
        return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
    }

    @Override
    public void shutdownOutput() throws IOException {
        engine.closeOutbound();
        if (roomForRecord()) {
            engine.wrap(NOTHING, records.out()); // close_notify
        }
        flush();
        channel.shutdownOutput();
    }

    @Override
    public void release() {
        records.release();
    }

    /** Wraps handshake output into netOut; false when there is no room until netOut is flushed. */
    private boolean wrap(ByteBuffer[] from) throws IOException {
        if (!roomForRecord()) {
            return false;
        }
        SSLEngineResult result = engine.wrap(from, records.out());
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            records.drain();
            throw new SSLException("the TLS handshake was ended");
        }
        return true;
    }

    private boolean roomForRecord() throws IOException {
        return records.roomForRecord(packetSize());
    }

    private int packetSize() {
        return engine.getSession().getPacketBufferSize();
    }

    /** True when the tasks ran here; false when they went to {@link HandshakeTasks} and the read must wait. */
    private boolean runTasks() {
        if (tasks == null) {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
            return true;
        }
        taskRunning = true;
        tasks.run(engine, failure -> {
            taskFailure = failure;
            taskRunning = false;
            afterTasks.run();
        });
        return false;
    }

    /** A failed handshake leaves an alert in the engine: the client learns why before the close. */
    private void sendAlert() {
        try {
            engine.closeOutbound();
            while (!engine.isOutboundDone() && roomForRecord()) {
                engine.wrap(NOTHING, records.out());
            }
            records.drain();
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
}
