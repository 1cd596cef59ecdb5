package dev.netservices.files.session;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.files.session.line.BoundedLineReader;
import dev.netservices.files.session.line.LineException;
import dev.netservices.files.session.line.LineTooLongException;
import dev.netservices.files.observability.FileMetrics;
import dev.netservices.files.observability.FileMetrics.Direction;
import dev.netservices.files.observability.FileMetrics.Outcome;
import dev.netservices.files.session.Command.Get;
import dev.netservices.files.session.Command.Help;
import dev.netservices.files.session.Command.Invalid;
import dev.netservices.files.session.Command.ListFiles;
import dev.netservices.files.session.Command.Put;
import dev.netservices.files.session.Command.Quit;
import dev.netservices.files.session.Command.Stat;
import dev.netservices.files.store.Download;
import dev.netservices.files.store.FileDigest;
import dev.netservices.files.store.FileStore;
import dev.netservices.files.store.StoreException;
import dev.netservices.files.store.StoredFile;
import dev.netservices.files.store.Upload;

/**
 * One client connection, served on one pool thread from greeting to close.
 *
 * <pre>
 *   connect ─► greeting ─► WAITING ──line──► COMMAND ──► reply ─────────────┐
 *                           ▲  │                │                             │
 *                           │  │                ├─ PUT ─► RECEIVING ─► reply ─┤
 *                           │  │                └─ GET ─► SENDING ───────────┤
 *                           └──┼──────────────────────────────────────────────┘
 *                              │ idle too long, shutdown, QUIT, EOF, line too long
 *                              ▼
 *                            CLOSED
 * </pre>
 *
 * <p>The session thread blocks on a plain blocking socket (no socket timeout: a timed read would
 * switch the socket to non-blocking mode under the hood and spoil {@code transferTo}'s zero-copy
 * path). Timeouts come from outside instead: the server's watchdog calls {@link #tick(long)}, which
 * shuts the input of a session that waited too long or moves a body too slowly; the blocked read
 * then sees end of stream, finds {@link #stopReason} set and tells the client why before closing.
 * A download that stalls cannot be told anything mid-body, so it is simply closed.
 */
public final class FileSession implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(FileSession.class);
    private static final int BODY_BUFFER = 256 * 1024;
    private static final int INPUT_BUFFER = 64 * 1024;

    enum State { WAITING, COMMAND, RECEIVING, SENDING, CLOSED }

    private final SocketChannel channel;
    private final FileStore store;
    private final FileMetrics metrics;
    private final SessionLimits limits;
    private final String peer;
    private final Object lock = new Object();
    private ByteBuffer bodyBuffer;

    // Written by the session thread under the lock, read by the watchdog under the lock.
    private State state = State.WAITING;
    private long stateSince = System.nanoTime();
    private boolean draining;
    private volatile String stopReason;
    // Body bytes moved in the current transfer: written by the session thread, sampled by the watchdog.
    private volatile long transferred;
    // The watchdog's own bookkeeping for the rate window.
    private long windowStart;
    private long windowStartBytes;

    public FileSession(SocketChannel channel, FileStore store, FileMetrics metrics, SessionLimits limits) {
        this.channel = channel;
        this.store = store;
        this.metrics = metrics;
        this.limits = limits;
        this.peer = describe(channel);
    }

    @Override
    public void run() {
        boolean lingering = false;
        try {
            SessionInput in = new SessionInput(channel.socket().getInputStream(), INPUT_BUFFER);
            BoundedLineReader lines = new BoundedLineReader(in, limits.maxLineBytes());
            send("OK files server ready; commands: " + CommandParser.COMMANDS);
            while (true) {
                if (!enter(State.WAITING)) {
                    send("ERR " + ReplyCode.UNAVAILABLE + " server is shutting down; closing");
                    break;
                }
                String line;
                try {
                    line = lines.readLine();
                } catch (LineTooLongException e) {
                    sendQuietly("ERR " + ReplyCode.LINE_TOO_LONG + " " + e.getMessage() + "; closing");
                    lingering = true;
                    break;
                } catch (LineException e) {
                    sendQuietly("ERR " + ReplyCode.BAD_COMMAND + " " + e.getMessage() + "; closing");
                    lingering = true;
                    break;
                }
                if (stopReason != null) {
                    sendQuietly(stopReason);
                    break;
                }
                if (line == null) {
                    break;
                }
                enter(State.COMMAND);
                if (!execute(CommandParser.parse(line), in)) {
                    lingering = true;
                    break;
                }
            }
        } catch (IOException e) {
            // The client went away, or the watchdog closed a stalled transfer: either way nobody to answer.
            log.debug("session {} ended: {}", peer, e.toString());
        } finally {
            synchronized (lock) {
                state = State.CLOSED;
            }
            if (lingering && channel.isOpen()) {
                LingeringClose.close(channel);
            } else {
                closeChannel();
            }
        }
    }

    /** Whether the session goes on after this command. */
    private boolean execute(Command command, SessionInput in) throws IOException {
        switch (command) {
            case ListFiles list -> list();
            case Get get -> {
                return get(get);
            }
            case Put put -> {
                return put(put, in);
            }
            case Stat stat -> stat(stat);
            case Help help -> send("OK commands: " + CommandParser.COMMANDS);
            case Quit quit -> {
                send("OK bye");
                return false;
            }
            case Invalid invalid -> send("ERR " + invalid.code() + " " + invalid.message());
        }
        return true;
    }

    private void list() throws IOException {
        List<StoredFile> files;
        try {
            files = store.list();
        } catch (StoreException e) {
            send(error(e));
            return;
        }
        StringBuilder body = new StringBuilder();
        for (StoredFile file : files) {
            body.append(file.size()).append(' ').append(file.name()).append("\r\n");
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        send("OK %d bytes, %d %s".formatted(bytes.length, files.size(), files.size() == 1 ? "file" : "files"), bytes);
    }

    private void stat(Stat stat) throws IOException {
        try {
            FileDigest digest = store.stat(stat.name());
            send("OK %d %s %s".formatted(digest.size(), digest.sha256(), digest.name()));
        } catch (StoreException e) {
            send(error(e));
        }
    }

    private boolean get(Get get) throws IOException {
        Download download;
        try {
            download = store.openForRead(get.name(), get.offset());
        } catch (StoreException e) {
            metrics.transfer(Direction.GET, Outcome.REFUSED);
            send(error(e));
            return true;
        }
        long start = System.nanoTime();
        try (download) {
            send("OK " + download.count());
            enter(State.SENDING);
            long position = download.position();
            long end = position + download.count();
            while (position < end) {
                // One call may move fewer bytes than asked (sendfile caps each call near 2 GiB).
                long n = download.channel().transferTo(position, end - position, channel);
                if (n <= 0 && download.channel().size() < end) {
                    throw new IOException(get.name() + " shrank while it was being sent");
                }
                position += n;
                transferred += n;
                metrics.sent(n);
            }
        } catch (IOException e) {
            metrics.transfer(Direction.GET, Outcome.FAILED);
            log.info("GET {} to {} broken off after {} bytes: {}", get.name(), peer, transferred, reasonOr(e));
            throw e;
        }
        metrics.transfer(Direction.GET, Outcome.COMPLETED);
        log.info("GET {} to {}: {} bytes in {} ms", get.name(), peer, transferred, (System.nanoTime() - start) / 1_000_000);
        return true;
    }

    private boolean put(Put put, SessionInput in) throws IOException {
        boolean discardable = put.size() <= limits.maxDiscardBytes();
        String closing = discardable ? "" : "; closing (too many bytes to discard)";
        Upload upload;
        try {
            upload = store.beginUpload(put.name(), put.size());
        } catch (StoreException e) {
            metrics.transfer(Direction.PUT, Outcome.REFUSED);
            send(error(e) + closing);
            return discardable && discard(put.size(), in);
        }
        long start = System.nanoTime();
        try (upload) {
            enter(State.RECEIVING);
            long remaining = put.size();
            while (remaining > 0) {
                ByteBuffer chunk = nextBodyChunk(in, remaining);
                if (chunk == null) {
                    metrics.transfer(Direction.PUT, Outcome.FAILED);
                    log.info("PUT {} from {} broken off after {} of {} bytes: {}", put.name(), peer, transferred, put.size(),
                            stopReason == null ? "the client closed the connection" : stopReason);
                    if (stopReason != null) {
                        sendQuietly(stopReason);
                    }
                    return false;
                }
                int n = chunk.remaining();
                transferred += n;
                remaining -= n;
                metrics.received(n);
                try {
                    upload.write(chunk);
                } catch (StoreException e) {
                    metrics.transfer(Direction.PUT, Outcome.FAILED);
                    boolean canDiscard = remaining <= limits.maxDiscardBytes();
                    send(error(e) + (canDiscard ? "" : "; closing (too many bytes to discard)"));
                    return canDiscard && discard(remaining, in);
                }
            }
            FileDigest stored = upload.commit();
            send("OK %d %s".formatted(stored.size(), stored.sha256()));
            metrics.transfer(Direction.PUT, Outcome.COMPLETED);
            log.info("PUT {} from {}: {} bytes in {} ms", put.name(), peer, stored.size(), (System.nanoTime() - start) / 1_000_000);
            return true;
        } catch (StoreException e) {
            metrics.transfer(Direction.PUT, Outcome.FAILED);
            send(error(e));
            return true;
        } catch (IOException e) {
            metrics.transfer(Direction.PUT, Outcome.FAILED);
            log.info("PUT {} from {} broken off after {} bytes: {}", put.name(), peer, transferred, reasonOr(e));
            throw e;
        }
    }

    /**
     * The next piece of an upload body, at most {@code remaining} bytes (so a pipelined command after
     * the body stays unread); null at end of stream. Bytes the line reader buffered come first, then
     * the socket is read straight into a direct buffer.
     */
    private ByteBuffer nextBodyChunk(SessionInput in, long remaining) throws IOException {
        int buffered = in.buffered();
        if (buffered > 0) {
            byte[] head = new byte[(int) Math.min(buffered, remaining)];
            int n = in.read(head);
            return n < 0 ? null : ByteBuffer.wrap(head, 0, n);
        }
        if (bodyBuffer == null) {
            bodyBuffer = ByteBuffer.allocateDirect(BODY_BUFFER);
        }
        bodyBuffer.clear().limit((int) Math.min(BODY_BUFFER, remaining));
        int n = channel.read(bodyBuffer);
        return n < 0 ? null : bodyBuffer.flip();
    }

    /** Reads and drops a refused body so the next command starts where it should; false at end of stream. */
    private boolean discard(long count, InputStream in) throws IOException {
        enter(State.RECEIVING);
        byte[] sink = new byte[(int) Math.min(BODY_BUFFER, Math.max(1, count))];
        long remaining = count;
        while (remaining > 0) {
            int n = in.read(sink, 0, (int) Math.min(sink.length, remaining));
            if (n < 0) {
                if (stopReason != null) {
                    sendQuietly(stopReason);
                }
                return false;
            }
            remaining -= n;
            transferred += n;
            metrics.received(n);
        }
        return true;
    }

    /**
     * Moves to {@code next}; false when entering WAITING while the server drains, so the session
     * ends between commands rather than in the middle of one.
     */
    private boolean enter(State next) {
        synchronized (lock) {
            state = next;
            stateSince = System.nanoTime();
            transferred = 0;
            windowStart = stateSince;
            windowStartBytes = 0;
            return !(next == State.WAITING && draining);
        }
    }

    /**
     * Called by the server's watchdog every few hundred milliseconds: ends sessions idle past the
     * timeout and transfers slower than the minimum rate.
     */
    public void tick(long now) {
        synchronized (lock) {
            long inState = now - stateSince;
            switch (state) {
                case WAITING -> {
                    if (inState > limits.idleTimeout().toNanos()) {
                        stop("ERR %d idle for longer than %s; closing".formatted(ReplyCode.TIMEOUT, limits.idleTimeout()));
                    }
                }
                case COMMAND -> {
                    // a reply the client does not read blocks the write; past the idle timeout give up
                    if (inState > limits.idleTimeout().toNanos()) {
                        closeChannel();
                    }
                }
                case RECEIVING, SENDING -> checkRate(now);
                case CLOSED -> {
                }
            }
        }
    }

    private void checkRate(long now) {
        long window = now - windowStart;
        if (limits.minTransferRate() <= 0 || window < limits.rateWindow().toNanos()) {
            return;
        }
        long moved = transferred - windowStartBytes;
        double seconds = window / 1e9;
        if (moved < limits.minTransferRate() * seconds) {
            String reason = "ERR %d transfer slower than %d bytes/s (%d bytes in %d ms); closing"
                    .formatted(ReplyCode.TIMEOUT, limits.minTransferRate(), moved, window / 1_000_000);
            if (state == State.RECEIVING) {
                stop(reason);
            } else {
                stopReason = reason;
                closeChannel();
            }
            return;
        }
        windowStart = now;
        windowStartBytes = transferred;
    }

    /** The server stops: sessions waiting for a command end now, the others after their current one. */
    public void drain() {
        synchronized (lock) {
            draining = true;
            if (state == State.WAITING) {
                stop("ERR " + ReplyCode.UNAVAILABLE + " server is shutting down; closing");
            }
        }
    }

    /** Ends the session at once, whatever it is doing. */
    public void forceClose() {
        closeChannel();
    }

    // Caller holds the lock. Shutting the input wakes the session thread's blocked read with end of stream.
    private void stop(String reason) {
        if (stopReason != null) {
            return;
        }
        stopReason = reason;
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            closeChannel();
        }
    }

    private String error(StoreException e) {
        int code = switch (e.reason()) {
            case REFUSED_NAME -> ReplyCode.REFUSED_NAME;
            case NOT_FOUND -> ReplyCode.NOT_FOUND;
            case EXISTS -> ReplyCode.EXISTS;
            case TOO_LARGE -> ReplyCode.TOO_LARGE;
            case QUOTA, NO_SPACE -> ReplyCode.NO_SPACE;
            case BAD_OFFSET -> ReplyCode.BAD_OFFSET;
            case IO -> ReplyCode.SERVER_ERROR;
        };
        if (e.reason() == StoreException.Reason.IO) {
            log.warn("store failure for {}: {}", peer, e.getMessage(), e.getCause());
        }
        return "ERR " + code + " " + e.getMessage();
    }

    private void send(String line) throws IOException {
        send(line, null);
    }

    private void send(String line, byte[] body) throws IOException {
        byte[] head = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(head.length + (body == null ? 0 : body.length)).put(head);
        if (body != null) {
            buffer.put(body);
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private void sendQuietly(String line) {
        try {
            send(line);
        } catch (IOException e) {
            // the client is gone; the reply had nobody to reach
        }
    }

    private String reasonOr(IOException e) {
        return stopReason != null ? stopReason : e.toString();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // already closed or reset: nothing left to release
        }
    }

    private static String describe(SocketChannel channel) {
        try {
            SocketAddress address = channel.getRemoteAddress();
            if (address instanceof InetSocketAddress inet) {
                return inet.getAddress().getHostAddress() + ":" + inet.getPort();
            }
            return String.valueOf(address);
        } catch (IOException e) {
            return "?";
        }
    }
}
