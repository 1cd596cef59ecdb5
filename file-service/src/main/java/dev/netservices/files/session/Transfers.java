package dev.netservices.files.session;

import java.io.IOException;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.account.AccountLimits;
import dev.netservices.files.session.Command.Get;
import dev.netservices.files.session.Command.Put;
import dev.netservices.files.session.SessionListener.Direction;
import dev.netservices.files.session.SessionListener.Outcome;
import dev.netservices.files.session.SessionWatchdog.State;
import dev.netservices.files.store.Download;
import dev.netservices.files.store.FileDigest;
import dev.netservices.files.store.FileStore;
import dev.netservices.files.store.StoreException;
import dev.netservices.files.store.Upload;

/**
 * The bodies of one session: a download sent with {@code transferTo} (sendfile, zero-copy) on plain TCP, an upload
 * received into the store (its last step and reply handed to {@link UploadAcks}, so the next command is read while it
 * is forced), and a refused upload's body read and dropped so the stream stays in sync.
 * Each method answers whether the session goes on.
 */
final class Transfers {

    private static final Logger log = LoggerFactory.getLogger(Transfers.class);
    private static final int BODY_BUFFER = 256 * 1024;

    private final Conduit conduit;
    private final SessionInput in;
    private final SessionOutput out;
    private final SessionWatchdog watchdog;
    private final Supplier<FileStore> store;
    private final SessionListener listener;
    private final FileLimits limits;
    private final ServiceClock clock;
    private final String peer;
    private ByteBuffer bodyBuffer;
    private final SessionJournal journal;
    private final Supplier<AccountLimits> account;
    private final Pacer.Pause pause;
    private final UploadAcks acks;
    private final RefusedBodies refusedBodies;

    /** @param account the limits of the account logged in ({@link AccountLimits#NONE} before a login): its rates */
    Transfers(Conduit conduit, SessionInput in, SessionOutput out, SessionWatchdog watchdog, Supplier<FileStore> store,
            SessionListener listener, FileLimits limits, ServiceClock clock, String peer, SessionJournal journal,
            Supplier<AccountLimits> account, Pacer.Pause pause, UploadAcks acks) {
        this.acks = acks;
        this.refusedBodies = new RefusedBodies(in, out, watchdog, listener, limits, acks);
        this.journal = journal;
        this.account = account;
        this.pause = pause;
        this.conduit = conduit;
        this.in = in;
        this.out = out;
        this.watchdog = watchdog;
        this.store = store;
        this.listener = listener;
        this.limits = limits;
        this.clock = clock;
        this.peer = peer;
    }

    /** {@code missing}, or, where {@code name} is a folder, a 404 that says so (as DELETE does), not "no such file". */
    private StoreException folderOr(String name, StoreException missing) {
        try {
            if (missing.reason() == StoreException.Reason.NOT_FOUND && store.get().isFolder(name)) {
                return new StoreException(StoreException.Reason.NOT_FOUND, name + " is a folder; GET downloads a file");
            }
        } catch (StoreException e) {
            // not a folder either: the first answer stands
        }
        return missing;
    }

    boolean get(Get get) throws IOException {
        acks.settle();
        Download download;
        try {
            download = store.get().openForRead(get.name(), get.offset());
        } catch (StoreException e) {
            listener.transferEnded(Direction.GET, Outcome.REFUSED);
            Reply refused = refusal(folderOr(get.name(), e));
            journal.refused("download", get.name(), null, refused);
            out.send(refused);
            return true;
        }
        long start = clock.nanoTime();
        try (download) {
            out.send(Reply.ok(String.valueOf(download.count())));
            watchdog.enter(State.SENDING);
            Pacer pacer = pacer(account.get().downloadRate());
            long position = download.position();
            long end = position + download.count();
            while (position < end) {
                // One call may move fewer bytes than asked (sendfile caps each call near 2 GiB); a paced download
                // goes in steps with a wait before each, the unpaced one in as few calls as the kernel allows.
                long ask = end - position;
                if (pacer != null) {
                    ask = Math.min(ask, pacer.step());
                    pacer.take(ask);
                }
                long sent = sendFully(download, position, ask, end, get);
                position += sent;
            }
        } catch (IOException e) {
            listener.transferEnded(Direction.GET, Outcome.FAILED);
            journal.failed("download", get.name(), watchdog.transferred(), millisSince(start), reasonOr(e));
            log.info("GET {} to {} broken off after {} bytes: {}", get.name(), peer, watchdog.transferred(), reasonOr(e));
            throw e;
        }
        listener.transferEnded(Direction.GET, Outcome.COMPLETED);
        journal.completed("download", get.name(), null, watchdog.transferred(), millisSince(start), null);
        listener.transferCompleted(Direction.GET, watchdog.transferred(), Duration.ofNanos(clock.nanoTime() - start));
        log.info("GET {} to {}: {} bytes in {} ms", get.name(), peer, watchdog.transferred(), millisSince(start));
        return true;
    }

    /** Sends {@code count} bytes from {@code position} (all of them when paced, as many as one call takes when not). */
    private long sendFully(Download download, long position, long count, long end, Get get) throws IOException {
        long sent = 0;
        do {
            long n = conduit.sendFile(download.channel(), position + sent, count - sent);
            if (n <= 0 && download.channel().size() < end) {
                throw new IOException(get.name() + " shrank while it was being sent");
            }
            sent += n;
            watchdog.moved(n);
            listener.bytesSent(n);
        } while (sent < count && sent > 0);
        return sent;
    }

    /** A pacer for a transfer at {@code rate} bytes per second, or null (no cost at all) when the account has none. */
    private Pacer pacer(long rate) {
        if (rate <= 0) {
            return null;
        }
        watchdog.paced(rate);
        return new Pacer(rate, clock, pause);
    }

    /**
     * Receives an upload. The classic form's body follows its line at once; the resumable form
     * ({@code PUT <path> <size> <offset>}) is answered first, with the refusal or {@code OK send <n> bytes from <offset>},
     * and only then does its client send the body, so a refused upload never costs a body on the wire.
     */
    boolean put(Put put, String owner) throws IOException {
        if (put.resumable() || acks.holds(put.name())) {
            // its go-ahead follows the replies before it, and it must see the same path's earlier upload in place
            acks.settle();
        }
        Upload upload;
        try {
            upload = put.resumable() ? store.get().beginUpload(put.name(), put.size(), put.offset(), owner)
                    : store.get().beginUpload(put.name(), put.size());
        } catch (StoreException e) {
            listener.transferEnded(Direction.PUT, Outcome.REFUSED);
            Reply refused = refusal(e);
            journal.refused("upload", put.name(), null, refused);
            return refusedBodies.answer(refused, put);
        }
        long start = clock.nanoTime();
        boolean handedOver = false;
        try {
            if (put.resumable()) {
                out.send(Reply.ok("send %d bytes from %d".formatted(put.bodyBytes(), put.offset())));
            }
            watchdog.enter(State.RECEIVING);
            Pacer pacer = pacer(account.get().uploadRate());
            long remaining = put.bodyBytes();
            while (remaining > 0) {
                ByteBuffer chunk = nextBodyChunk(pacer == null ? remaining : Math.min(remaining, pacer.step()));
                if (chunk == null) {
                    listener.transferEnded(Direction.PUT, Outcome.FAILED);
                    Reply stop = watchdog.stopReason();
                    log.info("PUT {} from {} broken off after {} of {} bytes: {}", put.name(), peer, watchdog.transferred(),
                            put.size(), stop == null ? "the client closed the connection" : stop);
                    journal.failed("upload", put.name(), watchdog.transferred(), millisSince(start),
                            stop == null ? "the client closed the connection" : stop.line());
                    acks.settleQuietly();
                    // a client that half-closed (nc after its input ends) still reads: an announced size larger than
                    // what it sent is told, not met with silence
                    out.sendQuietly(stop != null ? stop : cutShort(put));
                    return false;
                }
                int n = chunk.remaining();
                watchdog.moved(n);
                remaining -= n;
                listener.bytesReceived(n);
                if (pacer != null) {
                    // the wait comes after the read: the client's bytes wait in the socket buffers, then TCP's window
                    pacer.take(n);
                }
                try {
                    upload.write(chunk);
                } catch (StoreException e) {
                    listener.transferEnded(Direction.PUT, Outcome.FAILED);
                    Reply failed = refusal(e);
                    journal.failed("upload", put.name(), watchdog.transferred(), millisSince(start), failed.line());
                    return refusedBodies.answer(failed, remaining);
                }
            }
            // the body is in: forcing it, naming it and answering may go on while the next command is read
            acks.submit(put.name(), () -> finish(upload, put, start));
            handedOver = true;
            return true;
        } catch (IOException e) {
            listener.transferEnded(Direction.PUT, Outcome.FAILED);
            journal.failed("upload", put.name(), watchdog.transferred(), millisSince(start), reasonOr(e));
            log.info("PUT {} from {} broken off after {} bytes: {}", put.name(), peer, watchdog.transferred(), reasonOr(e));
            throw e;
        } finally {
            if (!handedOver) {
                upload.close();
            }
        }
    }

    /** An upload's last step, on a force thread when pipelined: durable, named, counted, and its reply. */
    private Reply finish(Upload upload, Put put, long start) {
        try (upload) {
            FileDigest stored = upload.commit();
            listener.transferEnded(Direction.PUT, Outcome.COMPLETED);
            journal.completed("upload", put.name(), null, stored.size(), millisSince(start), stored.sha256());
            listener.transferCompleted(Direction.PUT, stored.size(), Duration.ofNanos(clock.nanoTime() - start));
            log.info("PUT {} from {}: {} bytes in {} ms", put.name(), peer, stored.size(), millisSince(start));
            return Reply.ok(stored.size() + " " + stored.sha256());
        } catch (StoreException e) {
            listener.transferEnded(Direction.PUT, Outcome.FAILED);
            Reply failed = refusal(e);
            journal.failed("upload", put.name(), put.bodyBytes(), millisSince(start), failed.line());
            return failed;
        }
    }

    /** The answer to a body that ended (the client's end of stream) before its announced size. */
    private Reply cutShort(Put put) {
        String kept = put.resumable() ? "what arrived is kept for a resume (STAT %s says how much)".formatted(put.name())
                : "nothing stored";
        return Reply.error(ReplyCode.BAD_COMMAND, "the body of %s ended after %d of %d bytes: %s".formatted(put.name(),
                watchdog.transferred(), put.bodyBytes(), kept)).closing();
    }

    /** A {@code PUT} the session may not make: answered, its body discarded. */
    boolean refuse(Put put, Reply refusal) throws IOException {
        listener.transferEnded(Direction.PUT, Outcome.REFUSED);
        return refusedBodies.answer(refusal, put);
    }

    /**
     * The next piece of an upload body, at most {@code remaining} bytes (so a pipelined command after
     * the body stays unread); null at end of stream. Bytes the line reader buffered come first, then
     * the socket is read straight into a direct buffer, saving two copies per byte.
     */
    private ByteBuffer nextBodyChunk(long remaining) throws IOException {
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
        int n = conduit.readBody(bodyBuffer);
        return n < 0 ? null : bodyBuffer.flip();
    }

    private Reply refusal(StoreException e) {
        return LibraryCommands.refusal(e, peer);
    }

    private String reasonOr(IOException e) {
        Reply stop = watchdog.stopReason();
        return stop != null ? stop.line() : e.toString();
    }

    private long millisSince(long start) {
        return (clock.nanoTime() - start) / 1_000_000;
    }
}
