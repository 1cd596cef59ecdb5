package dev.netservices.files.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.QuietClose;
import dev.netservices.files.store.StoreException.Reason;

/**
 * One upload into the local folder: bytes go to a hidden temporary file beside the target (same file
 * system, so the last step is a rename), hashed as they pass. Without overwrite the last step is a
 * hard link, which fails when the name exists, so two uploads racing for one name cannot both win; the last
 * step runs under {@link NameClaims}, which also refuses another spelling of the name and tells the uploads that
 * lost the race at once, so they stop at their next body bytes rather than after the whole body.
 *
 * <p>A resumable upload ({@code PUT <path> <size> <offset>}) writes into its {@link PartialUploads partial file}
 * instead of a random temporary one, starting at {@code offset} with the digest fed the bytes already held, and
 * when abandoned keeps what it received (forced to disk, counted in the quota as a partial) for a later resume.
 *
 * <pre>
 *   admitted (quota reserved) ──write*──► complete ──commit──► in place (quota counted)
 *        │    │ another upload took the name: │
 *        │    ▼ lost (write and commit: EXISTS)│
 *        └────┴──────── close ────────────────┴──► abandoned (temporary file deleted, quota released;
 *             │                                     resumable: partial kept and counted as one)
 *             └── a resume of its partial took over (supersede) ──► abandoned, partial kept (write: EXISTS)
 * </pre>
 */
final class LocalUpload implements Upload {

    private static final Logger log = LoggerFactory.getLogger(LocalUpload.class);

    private final String name;
    private final long size;
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final boolean overwrite;
    private final QuotaLedger ledger;
    private final LibraryIndex index;
    private final DigestCache digests;
    private final DiskSync sync;
    private final NameClaims claims;
    private final MessageDigest digest;
    private final boolean resumable;
    private long written;
    // Set by the session's thread (commit, close) or by a winner's (lose): the resources go back once.
    private volatile boolean finished;
    // Set by another session's thread when its upload or rename took this name.
    private volatile String lostTo;
    // Set by another session's thread when a resume of this same partial upload took over from this one.
    private volatile boolean superseded;

    LocalUpload(String name, long size, Path target, Path temp, FileChannel channel, boolean overwrite, QuotaLedger ledger,
            LibraryIndex index, DigestCache digests, DiskSync sync, NameClaims claims) {
        this(name, size, target, temp, channel, overwrite, ledger, index, digests, sync, claims, DigestCache.sha256(), 0, false);
    }

    /** A resumable upload whose partial file already holds {@code offset} bytes, hashed into {@code digest}. */
    LocalUpload(String name, long size, Path target, Path temp, FileChannel channel, boolean overwrite, QuotaLedger ledger,
            LibraryIndex index, DigestCache digests, DiskSync sync, NameClaims claims, MessageDigest digest, long offset,
            boolean resumable) {
        this.digest = digest;
        this.written = offset;
        this.resumable = resumable;
        this.name = name;
        this.size = size;
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.overwrite = overwrite;
        this.ledger = ledger;
        this.index = index;
        this.digests = digests;
        this.sync = sync;
        this.claims = claims;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    /**
     * Another upload or a rename placed {@code winner}, which this upload's name clashes with now: the temporary
     * file and the quota reservation go at once, on the winner's thread; the next {@link #write} or
     * {@link #commit} answers {@code EXISTS}.
     */
    void lose(String winner) {
        lostTo = winner;
        abandon();
    }

    /**
     * A resume of this same partial upload (its client reconnected while this session still waits on the connection
     * that dropped, which may take until a timeout) takes over: what this upload received stays as the partial, counted
     * once, before the resume reads it; the next {@link #write} answers {@code EXISTS}. Runs on the resuming thread.
     */
    void supersede() {
        superseded = true;
        abandon();
    }

    /** Whether this resumable upload writes {@code partial}'s bytes: the owner's partial file for its path, any size. */
    boolean writes(Path partialPrefix) {
        return resumable && temp.getParent().equals(partialPrefix.getParent())
                && temp.getFileName().toString().startsWith(partialPrefix.getFileName().toString() + "-");
    }

    @Override
    public synchronized void write(ByteBuffer bytes) throws StoreException {
        checkNotLost();
        if (superseded) {
            throw new StoreException(Reason.EXISTS, "a resumed upload of " + name + " took over from this one");
        }
        if (written + bytes.remaining() > size) {
            throw new IllegalStateException("more bytes than announced");
        }
        digest.update(bytes.duplicate());
        try {
            while (bytes.hasRemaining()) {
                written += channel.write(bytes);
            }
        } catch (IOException e) {
            throw DiskFailure.of("writing " + name, e, temp.getParent(), size - written);
        }
    }

    /**
     * Forces the bytes, gives the file its name, forces the folder entry, and only then answers: the
     * caller replies {@code OK} after this returns, so an acknowledged upload is on the disk.
     */
    @Override
    public FileDigest commit() throws StoreException {
        if (written != size) {
            throw new IllegalStateException("commit after %d of %d bytes".formatted(written, size));
        }
        checkNotLost();
        try {
            sync.forceFile(channel);
            // read before the file takes the name: these attributes are surely this upload's file
            BasicFileAttributes attributes = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            channel.close();
            claims.place(name, null, this, () -> {
                if (overwrite) {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    placeWithoutReplacing();
                }
                finished = true;
                // the file has its name now: the index counts it from here, so the quota no longer needs to
                index.put(name, size);
                ledger.release(size);
            });
            String sha256 = HexFormat.of().formatHex(digest.digest());
            digests.remember(name, attributes, sha256);
            sync.forceFolder(target.getParent());
            return new FileDigest(name, size, sha256);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(Reason.EXISTS, name + " was created by another upload meanwhile");
        } catch (NoSuchFileException e) {
            checkNotLost();
            if (!Files.isDirectory(target.getParent(), LinkOption.NOFOLLOW_LINKS)) {
                // its folder was moved or removed (by hand: a RENAME waits for the uploads into it) while the body came
                throw new StoreException(Reason.NOT_FOUND, "no such folder: %s (it was moved or removed during the upload)"
                        .formatted(LibraryNames.parentOf(name)));
            }
            throw DiskFailure.of("storing " + name, e, temp.getParent(), 0);
        } catch (IOException e) {
            // lost while committing: the winner closed and deleted the temporary file under us
            checkNotLost();
            throw DiskFailure.of("storing " + name, e, temp.getParent(), 0);
        } finally {
            close();
        }
    }

    private void checkNotLost() throws StoreException {
        String winner = lostTo;
        if (winner != null) {
            throw new StoreException(Reason.EXISTS, winner.equals(name) ? name + " was created by another upload meanwhile"
                    : name + " clashes with " + winner + ", created by another upload meanwhile");
        }
    }

    private void placeWithoutReplacing() throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (UnsupportedOperationException e) {
            // no hard links on this file system: a plain move, which checks for the name first
            Files.move(temp, target);
            return;
        }
        Files.delete(temp);
    }

    @Override
    public void close() {
        claims.ended(this);
        abandon();
    }

    // Synchronized with write, so a winner never closes the channel in the middle of a write.
    private synchronized void abandon() {
        if (finished) {
            return;
        }
        finished = true;
        if (resumable && lostTo == null && written > 0) {
            keepPartial();
            return;
        }
        QuietClose.close(channel);
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", temp, e.toString());
        }
        ledger.release(size);
    }

    /** The bytes received stay, on the disk, for a resume; the quota counts them as a partial from now. */
    private void keepPartial() {
        try {
            sync.forceFile(channel);
        } catch (IOException e) {
            log.warn("could not force the partial upload {}: {}", temp, e.toString());
        }
        QuietClose.close(channel);
        ledger.keptPartial(size, written);
    }
}
