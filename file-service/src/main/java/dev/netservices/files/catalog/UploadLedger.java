package dev.netservices.files.catalog;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.netservices.files.store.PathRules;
import dev.netservices.files.store.StoreException;
import dev.netservices.files.store.StoreException.Reason;

/**
 * Uploads against each home's quota, shared by every replica. An upload is admitted by one conditional update of
 * the home's usage row (used + reserved + size within the quota), so two replicas can never both spend its last
 * bytes; it holds a lease its replica renews while bytes arrive. Its commit claims the name and turns the reservation
 * into usage in one transaction, only after the object is complete.
 *
 * <pre>
 *   reserve ──► in flight ──commit──► (row in entries, usage counted)
 *                  │  ├──close, resumable, parts stored──► partial ──resume──► in flight
 *                  │  └──close──► (gone, reservation released)
 *                  └──lease lapsed (replica died) / partial past retention──► swept: object aborted, reservation released
 * </pre>
 */
public final class UploadLedger {

    /** An admitted upload: its row, the object its bytes go to, and the multipart upload once started. */
    public record Reservation(UUID id, String home, String path, long size, String objectKey, String multipartId, String owner,
            long held) {
    }

    /** A stored part of a multipart upload. */
    public record Part(int number, String etag, long bytes) {
    }

    /** The home's quota and file limit an upload is admitted against. */
    public record Limits(long quota, long maxFiles) {
    }

    private final CatalogDatabase database;
    private final Doomed doomed;

    public UploadLedger(CatalogDatabase database, Doomed doomed) {
        this.database = database;
        this.doomed = doomed;
    }

    /** Admits an upload of {@code size} bytes to {@code path}; refused past the quota or the file limit. */
    public Reservation reserve(String home, String path, long size, String owner, Limits limits, Instant leaseUntil) throws StoreException {
        UUID id = UUID.randomUUID();
        String objectKey = UUID.randomUUID().toString();
        return database.inTransaction(jdbc -> {
            jdbc.update("insert into usage (home) values (?) on conflict do nothing", home);
            List<long[]> now = jdbc.query("select used_bytes, reserved_bytes, files from usage where home = ? for update",
                    (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}, home);
            long used = now.get(0)[0] + now.get(0)[1];
            if (now.get(0)[2] >= limits.maxFiles()) {
                throw new StoreException(Reason.QUOTA, "the library holds %d files, its limit".formatted(now.get(0)[2]));
            }
            if (used + size > limits.quota()) {
                throw new StoreException(Reason.QUOTA, "%d bytes would go over the storage quota of %d bytes (%d in use)"
                        .formatted(size, limits.quota(), used));
            }
            jdbc.update("update usage set reserved_bytes = reserved_bytes + ? where home = ?", size, home);
            jdbc.update("insert into uploads (id, home, path, size, object_key, owner, lease_until) values (?, ?, ?, ?, ?, ?, ?)",
                    id, home, path, size, objectKey, owner, Timestamp.from(leaseUntil));
            return new Reservation(id, home, path, size, objectKey, null, owner, 0);
        });
    }

    /** The multipart upload the bytes go to. */
    public void started(UUID id, String multipartId) throws StoreException {
        database.read(jdbc -> jdbc.update("update uploads set multipart_id = ? where id = ?", multipartId, id));
    }

    /**
     * A part is stored: it counts as held (a resume continues after it) and the lease is renewed. When the name was
     * meanwhile taken by an upload through another replica (which the commit would refuse), the upload is told now,
     * while its client is still sending, as an upload losing to one on the same replica is.
     */
    public void stored(Reservation upload, Part part, Instant leaseUntil, boolean overwrite) throws StoreException {
        database.inTransaction(jdbc -> {
            String path = upload.path();
            Entry taken = FolderTree.claimant(jdbc, upload.home(), path, false);
            if (taken != null && (!overwrite || taken.isFolder() || !taken.path().equals(path))) {
                throw takenMeanwhile(path, taken);
            }
            if (jdbc.update("update uploads set held = held + ?, lease_until = ? where id = ? and not partial", part.bytes(),
                    Timestamp.from(leaseUntil), upload.id()) == 0) {
                throw abandoned(path);
            }
            return jdbc.update("insert into upload_parts (upload_id, number, etag, bytes) values (?, ?, ?, ?)", upload.id(), part.number(),
                    part.etag(), part.bytes());
        });
    }

    private static StoreException takenMeanwhile(String path, Entry taken) {
        return new StoreException(Reason.EXISTS, taken.path().equals(path) ? path + " was created by another upload meanwhile"
                : path + " clashes with " + taken.path() + ", created by another upload meanwhile");
    }

    private static StoreException abandoned(String path) {
        return new StoreException(Reason.IO, "the upload of " + path + " was abandoned (its lease lapsed)");
    }

    /** The replica is alive and still at work on these uploads (its heartbeat renews them all at once). */
    public void renew(java.util.Collection<UUID> ids, Instant leaseUntil) throws StoreException {
        if (!ids.isEmpty()) {
            database.read(jdbc -> jdbc.update("update uploads set lease_until = ? where id = any (?) and not partial", ps -> {
                ps.setTimestamp(1, Timestamp.from(leaseUntil));
                ps.setArray(2, ps.getConnection().createArrayOf("uuid", ids.toArray()));
            }));
        }
    }

    public List<Part> parts(UUID id) throws StoreException {
        return database.read(jdbc -> jdbc.query("select number, etag, bytes from upload_parts where upload_id = ? order by number",
                (rs, n) -> new Part(rs.getInt(1), rs.getString(2), rs.getLong(3)), id));
    }

    /**
     * The complete object becomes the file: the name is claimed (refused when taken, unless overwriting replaces a file
     * of exactly that name), the reservation becomes usage. Answers the object of a replaced file, to remove after.
     */
    public String commit(Reservation upload, String sha256, boolean overwrite) throws StoreException {
        return database.inTransaction(jdbc -> {
            Integer mine = jdbc.queryForObject("select count(*) from uploads where id = ? and not partial", Integer.class, upload.id());
            if (mine == null || mine == 0) {
                throw abandoned(upload.path());
            }
            String path = upload.path();
            if (!FolderTree.holdFolder(jdbc, upload.home(), PathRules.parentOf(path))) {
                throw PathRules.noSuchFolder(PathRules.parentOf(path));
            }
            String replaced = null;
            long files = 1;
            long bytes = upload.size();
            if (!FolderTree.claim(jdbc, upload.home(), path, false, upload.size(), sha256, upload.objectKey(), upload.owner())) {
                Entry taken = FolderTree.claimant(jdbc, upload.home(), path, true);
                if (!overwrite || taken == null || taken.isFolder() || !taken.path().equals(path)) {
                    throw taken == null ? new StoreException(Reason.EXISTS, path + " was created by another upload meanwhile")
                            : takenMeanwhile(path, taken);
                }
                jdbc.update("update entries set size = ?, sha256 = ?, object_key = ?, owner = ? where home = ? and folder = ? and name = ?",
                        upload.size(), sha256, upload.objectKey(), upload.owner(), upload.home(), PathRules.parentOf(path),
                        PathRules.leafOf(path));
                doomed.add(jdbc, taken.objectKey());
                replaced = taken.objectKey();
                files = 0;
                bytes -= taken.size();
            }
            jdbc.update("delete from uploads where id = ?", upload.id());
            jdbc.update("update usage set reserved_bytes = reserved_bytes - ? where home = ?", upload.size(), upload.home());
            counted(jdbc, upload.home(), bytes, files);
            return replaced;
        });
    }

    static void counted(JdbcTemplate jdbc, String home, long bytes, long files) {
        jdbc.update("update usage set used_bytes = used_bytes + ?, files = files + ? where home = ?", bytes, files, home);
    }

    /**
     * The upload ends without a file: its row goes, its reservation is released and its object (with its multipart
     * upload) is doomed, all in one transaction; the caller removes the object after. Null when the row was gone
     * already, or, with {@code lapsedBefore}, when its lease had not lapsed (its replica renewed it or committed).
     */
    public Reservation abandon(UUID id, Instant lapsedBefore) throws StoreException {
        return database.inTransaction(jdbc -> {
            List<Reservation> gone = lapsedBefore == null
                    ? jdbc.query("delete from uploads where id = ? returning *", (rs, n) -> reservation(rs), id)
                    : jdbc.query("delete from uploads where id = ? and lease_until < ? returning *", (rs, n) -> reservation(rs), id,
                            Timestamp.from(lapsedBefore));
            for (Reservation row : gone) {
                jdbc.update("update usage set reserved_bytes = reserved_bytes - ? where home = ?", row.size(), row.home());
                doomed.add(jdbc, row.objectKey(), row.multipartId());
            }
            return gone.isEmpty() ? null : gone.get(0);
        });
    }

    /** A resumable upload broke off with parts stored: they are kept, still reserved, for a resume until {@code keepUntil}. */
    public void keepPartial(UUID id, Instant keepUntil) throws StoreException {
        database.read(jdbc -> jdbc.update("update uploads set partial = true, lease_until = ? where id = ?", Timestamp.from(keepUntil), id));
    }

    /** The kept part of {@code owner}'s upload of {@code path}, or null. */
    public Reservation partial(String home, String path, String owner) throws StoreException {
        return database.read(jdbc -> {
            List<Reservation> found = jdbc.query("select * from uploads where home = ? and path = ? and owner = ? and partial",
                    (rs, n) -> reservation(rs), home, path, owner);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /**
     * Takes over a kept part for a resume: back in flight, parts after {@code keepParts} forgotten (their bytes are
     * sent again). Null when another session took it first.
     */
    public Reservation resume(Reservation partial, int keepParts, long held, Instant leaseUntil) throws StoreException {
        return database.inTransaction(jdbc -> {
            int taken = jdbc.update("update uploads set partial = false, held = ?, lease_until = ? where id = ? and partial", held,
                    Timestamp.from(leaseUntil), partial.id());
            if (taken == 0) {
                return null;
            }
            jdbc.update("delete from upload_parts where upload_id = ? and number > ?", partial.id(), keepParts);
            return new Reservation(partial.id(), partial.home(), partial.path(), partial.size(), partial.objectKey(), partial.multipartId(),
                    partial.owner(), held);
        });
    }

    /** Uploads whose lease lapsed before {@code now}: their replica died, or their part outlived its retention. */
    public List<Reservation> lapsed(Instant now, int limit) throws StoreException {
        return database.read(jdbc -> jdbc.query("select * from uploads where lease_until < ? order by lease_until limit ?",
                (rs, n) -> reservation(rs), Timestamp.from(now), limit));
    }

    /** What a home holds and has promised: used bytes (in flight included) and files. */
    public long[] usage(String home) throws StoreException {
        return database.read(jdbc -> {
            List<long[]> found = jdbc.query("select used_bytes + reserved_bytes, files from usage where home = ?",
                    (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, home);
            return found.isEmpty() ? new long[] {0, 0} : found.get(0);
        });
    }

    private static Reservation reservation(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Reservation(rs.getObject("id", UUID.class), rs.getString("home"), rs.getString("path"), rs.getLong("size"),
                rs.getString("object_key"), rs.getString("multipart_id"), rs.getString("owner"), rs.getLong("held"));
    }
}
