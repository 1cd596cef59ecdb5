package dev.netservices.files.objects;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.catalog.UploadLedger;
import dev.netservices.files.catalog.UploadLedger.Part;
import dev.netservices.files.catalog.UploadLedger.Reservation;
import dev.netservices.files.store.FileDigest;
import dev.netservices.files.store.StoreException;
import dev.netservices.files.store.StoreException.Reason;
import dev.netservices.files.store.Upload;

/**
 * An upload into the object store: bytes gather in a part buffer, each full part goes to the store's multipart upload
 * and is recorded in the catalog, and the SHA-256 is computed on the way. A full part is sent by a thread of its own
 * while the next one is read from the client, so the client is not kept waiting for each part's round trip (profiled:
 * the session thread mostly waited); at most one part is in flight, so an upload holds at most two part buffers.
 * A file no larger than one part is stored with one PUT at the commit. The commit waits for the part in flight,
 * completes the object and only then commits its row; the client hears {@code OK} after both.
 *
 * <pre>
 *   writing ──part full──► (the part before stored) ──► part in flight ──► writing ──► ... (its thread: stored, catalog: held)
 *      │  └──commit──► parts stored ──► object complete ──► row committed ──► committed (OK)
 *      └──close──► the part in flight settled; resumable with parts stored: kept as a partial │ otherwise: abandoned
 * </pre>
 * (The replica's heartbeat renews the lease meanwhile.)
 */
final class ObjectUpload implements Upload {

    private static final Logger log = LoggerFactory.getLogger(ObjectUpload.class);

    private final ObjectStoreParts parts;
    private final Reservation reservation;
    private final List<Part> stored;
    private final MessageDigest digest;
    private final boolean overwrite;
    private final ServiceClock clock;
    private final Duration lease;
    private final Duration retention;
    private final int partSize;
    private String multipartId;
    private byte[] buffer;
    private byte[] spare;
    private FutureTask<Part> inFlight;
    private int buffered;
    private long received;
    private boolean done;
    private boolean nameLost;

    /**
     * @param stored the parts a resumed upload continues after (empty for a new one); its digest is then computed from
     *               the complete object at the commit, the bytes before the resume not being here to hash
     */
    ObjectUpload(ObjectStoreParts parts, Reservation reservation, List<Part> stored, boolean overwrite, ServiceClock clock,
            Duration lease, Duration retention, int partSize) {
        this.parts = parts;
        this.reservation = reservation;
        this.stored = new ArrayList<>(stored);
        this.multipartId = reservation.multipartId();
        this.digest = stored.isEmpty() ? sha256() : null;
        this.overwrite = overwrite;
        this.clock = clock;
        this.lease = lease;
        this.retention = retention;
        this.partSize = partSize;
        this.received = reservation.held();
        parts.live().add(reservation.id());
    }

    @Override
    public String name() {
        return reservation.path();
    }

    @Override
    public long size() {
        return reservation.size();
    }

    @Override
    public synchronized void write(ByteBuffer bytes) throws StoreException {
        if (received + bytes.remaining() > reservation.size()) {
            throw new IllegalStateException("more bytes than announced");
        }
        while (bytes.hasRemaining()) {
            if (buffer == null) {
                buffer = new byte[(int) Math.min(partSize, reservation.size() - reservation.held())];
            }
            int n = Math.min(bytes.remaining(), buffer.length - buffered);
            bytes.get(buffer, buffered, n);
            if (digest != null) {
                digest.update(buffer, buffered, n); // from the array: a direct buffer would be copied out in small steps
            }
            buffered += n;
            received += n;
            if (buffered == buffer.length && received < reservation.size()) {
                storePart();
            }
        }
    }

    /** Sends the full buffer as the next part, once the part before it is stored; the other buffer takes the bytes that follow. */
    private void storePart() throws StoreException {
        if (multipartId == null) {
            multipartId = parts.bucket().startMultipart(reservation.objectKey());
            parts.ledger().started(reservation.id(), multipartId);
        }
        settle();
        String key = reservation.objectKey();
        String upload = multipartId;
        int number = stored.size() + 1;
        byte[] bytes = buffer;
        int length = buffered;
        FutureTask<Part> task = new FutureTask<>(() -> {
            String etag = parts.bucket().uploadPart(key, upload, number, bytes, length);
            Part part = new Part(number, etag, length);
            parts.ledger().stored(reservation, part, clock.now().plus(lease), overwrite);
            return part;
        });
        Thread.ofVirtual().name("files-part-" + reservation.id()).start(task);
        inFlight = task;
        buffer = spare;
        spare = bytes;
        buffered = 0;
    }

    /** Waits for the part in flight (if any): stored and recorded, or its failure. */
    private void settle() throws StoreException {
        FutureTask<Part> task = inFlight;
        if (task == null) {
            return;
        }
        inFlight = null;
        try {
            stored.add(task.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException failure) {
                nameLost = failure.reason() == Reason.EXISTS;
                throw failure;
            }
            throw ObjectBucket.unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ObjectBucket.unreachable(e);
        }
    }

    @Override
    public synchronized FileDigest commit() throws StoreException {
        if (received != reservation.size()) {
            throw new IllegalStateException("commit after %d of %d bytes".formatted(received, reservation.size()));
        }
        String key = reservation.objectKey();
        if (multipartId == null) {
            parts.bucket().put(key, buffer == null ? new byte[0] : buffer, buffered);
        } else {
            if (buffered > 0) {
                storePart();
            }
            settle();
            parts.bucket().complete(key, multipartId, stored);
        }
        String sha256 = digest != null ? HexFormat.of().formatHex(digest.digest()) : hashStored(key);
        String replaced;
        try {
            replaced = parts.ledger().commit(reservation, sha256, overwrite);
        } catch (StoreException e) {
            abandon(); // the name went to another upload (or the database went away): this object is nobody's
            throw e;
        }
        done = true;
        buffer = null;
        spare = null;
        parts.live().remove(reservation.id());
        if (replaced != null) {
            parts.removeNow(replaced, null);
        }
        return new FileDigest(reservation.path(), reservation.size(), sha256);
    }

    private String hashStored(String key) throws StoreException {
        MessageDigest whole = sha256();
        try (InputStream in = parts.bucket().read(key, 0)) {
            byte[] chunk = new byte[64 * 1024];
            for (int n; (n = in.read(chunk)) > 0; ) {
                whole.update(chunk, 0, n);
            }
        } catch (IOException e) {
            throw ObjectBucket.unreachable(e);
        }
        return HexFormat.of().formatHex(whole.digest());
    }

    @Override
    public synchronized void close() {
        if (done) {
            return;
        }
        done = true;
        buffer = null;
        spare = null;
        try {
            settle(); // a part in flight is either stored (and kept with the others) or not: never left running
        } catch (StoreException e) {
            log.info("last part of {} not stored: {}", reservation.path(), e.getMessage());
        }
        parts.live().remove(reservation.id());
        try {
            if (reservation.owner() != null && !stored.isEmpty() && !nameLost) {
                // a resumable upload broke off: its stored parts wait for the resume (bytes in the buffer are sent again)
                parts.ledger().keepPartial(reservation.id(), clock.now().plus(retention));
            } else {
                abandon();
            }
        } catch (StoreException e) {
            log.warn("upload of {} left for the sweeper: {}", reservation.path(), e.getMessage());
        }
    }

    private void abandon() throws StoreException {
        Reservation gone = parts.ledger().abandon(reservation.id(), null);
        if (gone != null) {
            parts.removeNow(gone.objectKey(), multipartId != null ? multipartId : gone.multipartId());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
