package dev.netservices.files.objects;

import java.time.Duration;
import java.util.List;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.catalog.Entry;
import dev.netservices.files.catalog.UploadLedger;
import dev.netservices.files.catalog.UploadLedger.Part;
import dev.netservices.files.catalog.UploadLedger.Reservation;
import dev.netservices.files.store.Download;
import dev.netservices.files.store.FileDigest;
import dev.netservices.files.store.FileStore;
import dev.netservices.files.store.PartialUpload;
import dev.netservices.files.store.PathRules;
import dev.netservices.files.store.StoreException;
import dev.netservices.files.store.StoreException.Reason;
import dev.netservices.files.store.StoreLimits;
import dev.netservices.files.store.StoredFile;
import dev.netservices.files.store.Upload;

/**
 * One home's library across replicas: its names, folders, sizes, digests and quota in the PostgreSQL catalog, its
 * bytes in the object store under immutable ids. A rename or a move changes rows only; a delete drops the row first
 * and the object after, so a name never points at a missing object.
 */
public final class ObjectFileStore implements FileStore {

    /** How an upload holds its reservation: the lease its replica renews, the part size, how long a partial is kept. */
    public record UploadRules(Duration lease, int partSize, boolean overwrite) {
    }

    private final String home;
    private final ObjectStoreParts parts;
    private final StoreLimits limits;
    private final PathRules paths;
    private final UploadRules rules;
    private final ServiceClock clock;

    public ObjectFileStore(String home, ObjectStoreParts parts, StoreLimits limits, UploadRules rules, ServiceClock clock) {
        this.home = home;
        this.parts = parts;
        this.limits = limits;
        this.paths = new PathRules(limits);
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public List<StoredFile> list(String folder) throws StoreException {
        return parts.tree().list(home, paths.normalized(folder));
    }

    @Override
    public boolean isFolder(String path) throws StoreException {
        return parts.tree().isFolder(home, paths.normalized(path));
    }

    @Override
    public void makeFolder(String path) throws StoreException {
        parts.tree().makeFolder(home, PathRules.notTheTopFolder(paths.normalized(path)));
    }

    @Override
    public void removeFolder(String path) throws StoreException {
        parts.tree().removeFolder(home, PathRules.notTheTopFolder(paths.normalized(path)), clock.now());
    }

    @Override
    public FileDigest stat(String name) throws StoreException {
        Entry entry = file(named(name));
        return new FileDigest(entry.path(), entry.size(), entry.sha256());
    }

    @Override
    public Download openForRead(String name, long offset) throws StoreException {
        Entry entry = file(named(name));
        if (offset > entry.size()) {
            throw new StoreException(Reason.BAD_OFFSET, "offset %d is past the end of %s (%d bytes)".formatted(offset, entry.path(), entry.size()));
        }
        return new Download(ObjectChannel.opened(parts.bucket(), entry.objectKey(), entry.size(), offset), offset, entry.size() - offset);
    }

    private Entry file(String nfc) throws StoreException {
        Entry entry = parts.tree().find(home, nfc);
        if (entry == null || entry.isFolder()) {
            throw PathRules.notFound(nfc);
        }
        return entry;
    }

    private String named(String path) throws StoreException {
        String nfc = paths.normalized(path);
        if (nfc.isEmpty()) {
            throw new StoreException(Reason.REFUSED_NAME, "refused name: empty name");
        }
        return nfc;
    }

    @Override
    public Upload beginUpload(String name, long size) throws StoreException {
        String nfc = admit(name, size);
        Reservation reservation = parts.ledger().reserve(home, nfc, size, null, ledgerLimits(), clock.now().plus(rules.lease()));
        return new ObjectUpload(parts, reservation, List.of(), rules.overwrite(), clock, rules.lease(), limits.partialRetention(), rules.partSize());
    }

    /** The checks made before a byte is stored: size limit, overwrite rule, an existing folder, the parent folder. */
    private String admit(String name, long size) throws StoreException {
        String nfc = named(name);
        if (size > limits.maxFileSize()) {
            throw new StoreException(Reason.TOO_LARGE, "%d bytes is over the file size limit of %d bytes".formatted(size, limits.maxFileSize()));
        }
        Entry existing = parts.tree().find(home, nfc);
        if (existing != null && existing.isFolder()) {
            throw new StoreException(Reason.EXISTS, nfc + " is a folder");
        }
        if (existing != null && !rules.overwrite()) {
            throw new StoreException(Reason.EXISTS, nfc + " already exists and overwriting is off");
        }
        if (!parts.tree().isFolder(home, PathRules.parentOf(nfc))) {
            throw PathRules.noSuchFolder(PathRules.parentOf(nfc));
        }
        return nfc;
    }

    private UploadLedger.Limits ledgerLimits() {
        return new UploadLedger.Limits(limits.quota(), limits.maxFiles());
    }

    /**
     * A resumable upload: a kept part of the same size continues its multipart upload from {@code offset}, which
     * must be where one of its stored parts ends (0 starts afresh); without a kept part only 0 is a valid offset.
     */
    @Override
    public Upload beginUpload(String path, long size, long offset, String owner) throws StoreException {
        String nfc = admit(path, size);
        if (offset > size) {
            throw new StoreException(Reason.BAD_OFFSET, "offset %d is past the size %d".formatted(offset, size));
        }
        Reservation kept = parts.ledger().partial(home, nfc, owner);
        if (kept != null && (offset == 0 || kept.size() != size)) {
            drop(kept);
            kept = null;
        }
        if (kept == null) {
            if (offset != 0) {
                throw new StoreException(Reason.BAD_OFFSET, "the server holds %d bytes of an upload of %s, not %d: resume from %d"
                        .formatted(0, nfc, offset, 0));
            }
            Reservation reservation = parts.ledger().reserve(home, nfc, size, owner, ledgerLimits(), clock.now().plus(rules.lease()));
            return new ObjectUpload(parts, reservation, List.of(), rules.overwrite(), clock, rules.lease(), limits.partialRetention(),
                    rules.partSize());
        }
        List<Part> stored = parts.ledger().parts(kept.id());
        int keep = 0;
        long end = 0;
        while (keep < stored.size() && end < offset) {
            end += stored.get(keep++).bytes();
        }
        if (end != offset) {
            throw new StoreException(Reason.BAD_OFFSET, "the server holds %d bytes of an upload of %s, not %d: resume from %d"
                    .formatted(kept.held(), nfc, offset, kept.held()));
        }
        Reservation resumed = parts.ledger().resume(kept, keep, offset, clock.now().plus(rules.lease()));
        if (resumed == null) {
            throw new StoreException(Reason.EXISTS, "a resumed upload of " + nfc + " took over from this one");
        }
        return new ObjectUpload(parts, resumed, stored.subList(0, keep), rules.overwrite(), clock, rules.lease(), limits.partialRetention(),
                rules.partSize());
    }

    private void drop(Reservation kept) throws StoreException {
        Reservation gone = parts.ledger().abandon(kept.id(), null);
        if (gone != null) {
            parts.removeNow(gone.objectKey(), gone.multipartId());
        }
    }

    @Override
    public PartialUpload partial(String path, String owner) throws StoreException {
        String nfc = named(path);
        Reservation kept = parts.ledger().partial(home, nfc, owner);
        return kept == null ? null : new PartialUpload(nfc, kept.held(), kept.size());
    }

    @Override
    public void delete(String name) throws StoreException {
        String objectKey = parts.tree().delete(home, named(name));
        parts.removeNow(objectKey, null);
    }

    @Override
    public void rename(String from, String to) throws StoreException {
        String replaced = parts.tree().rename(home, named(from), named(to), rules.overwrite(), clock.now());
        if (replaced != null) {
            parts.removeNow(replaced, null);
        }
    }

    @Override
    public Usage usage() {
        long[] usage = usageNow();
        return new Usage(usage[0], limits.quota(), usage[1], limits.maxFiles());
    }

    @Override
    public long usedBytes() {
        return usageNow()[0];
    }

    private long[] usageNow() {
        try {
            return parts.ledger().usage(home);
        } catch (StoreException e) {
            return new long[] {-1, -1};
        }
    }

    /** Object storage has no free-space figure to keep a reserve of: the quota is the limit. */
    @Override
    public long usableSpace() {
        return Long.MAX_VALUE;
    }

    @Override
    public boolean isWritable() {
        return true;
    }
}
