package dev.netservices.files.catalog;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import dev.netservices.common.text.NameFold;
import dev.netservices.files.store.PathRules;
import dev.netservices.files.store.StoreException;
import dev.netservices.files.store.StoreException.Reason;
import dev.netservices.files.store.StoredFile;

/**
 * The folders and files of every home, as rows. Paths come checked and normalized ({@link PathRules}); each change
 * is one transaction, and a name is claimed by the row's primary key (home, folder, folded name), so two replicas
 * racing for one name see exactly one win. Objects a change leaves without a row are returned to the caller, who
 * removes them after the commit (they are recorded as doomed in the same transaction, so none is lost to a crash).
 */
public final class FolderTree {

    private static final RowMapper<Entry> ENTRY = (rs, n) -> new Entry(
            PathRules.join(rs.getString("folder"), rs.getString("name")), rs.getBoolean("is_folder"), rs.getLong("size"),
            rs.getString("sha256"), rs.getString("object_key"));

    private final CatalogDatabase database;
    private final Doomed doomed;

    public FolderTree(CatalogDatabase database, Doomed doomed) {
        this.database = database;
        this.doomed = doomed;
    }

    public List<StoredFile> list(String home, String folder) throws StoreException {
        return database.read(jdbc -> {
            if (!isFolder(jdbc, home, folder)) {
                throw PathRules.noSuchFolder(folder);
            }
            List<StoredFile> entries = new ArrayList<>(jdbc.query("select name, size from entries where home = ? and folder = ?",
                    (rs, n) -> new StoredFile(rs.getString(1), rs.getLong(2)), home, folder));
            entries.sort(Comparator.comparing(StoredFile::name));
            return entries;
        });
    }

    public boolean isFolder(String home, String path) throws StoreException {
        return database.read(jdbc -> isFolder(jdbc, home, path));
    }

    static boolean isFolder(JdbcTemplate jdbc, String home, String path) {
        if (path.isEmpty()) {
            return true;
        }
        Entry entry = find(jdbc, home, path, false);
        return entry != null && entry.isFolder();
    }

    /** The entry at {@code path}, or null. */
    public Entry find(String home, String path) throws StoreException {
        return database.read(jdbc -> find(jdbc, home, path, false));
    }

    /** The entry named exactly {@code path} (as on a case-sensitive disk), or null. */
    static Entry find(JdbcTemplate jdbc, String home, String path, boolean lock) {
        Entry entry = claimant(jdbc, home, path, lock);
        return entry != null && entry.path().equals(path) ? entry : null;
    }

    /** The entry holding the name of {@code path} in its folder, in whatever spelling (Report.pdf for report.pdf), or null. */
    static Entry claimant(JdbcTemplate jdbc, String home, String path, boolean lock) {
        List<Entry> found = jdbc.query("select * from entries where home = ? and folder = ? and name_key = ?" + (lock ? " for update" : ""),
                ENTRY, home, PathRules.parentOf(path), NameFold.key(PathRules.leafOf(path)));
        return found.isEmpty() ? null : found.get(0);
    }

    /** Locks the folder {@code path} against removal until the transaction ends; false when it is no folder. */
    static boolean holdFolder(JdbcTemplate jdbc, String home, String path) {
        if (path.isEmpty()) {
            return true;
        }
        List<Boolean> found = jdbc.query("select is_folder from entries where home = ? and folder = ? and name_key = ? and name = ? for share",
                (rs, n) -> rs.getBoolean(1), home, PathRules.parentOf(path), NameFold.key(PathRules.leafOf(path)), PathRules.leafOf(path));
        return !found.isEmpty() && found.get(0);
    }

    /** Inserts a row unless its name is taken; false when taken. */
    static boolean claim(JdbcTemplate jdbc, String home, String path, boolean folder, long size, String sha256, String objectKey,
            String owner) {
        return jdbc.update("""
                insert into entries (home, folder, name_key, name, is_folder, size, sha256, object_key, owner)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""",
                home, PathRules.parentOf(path), NameFold.key(PathRules.leafOf(path)), PathRules.leafOf(path), folder, size, sha256,
                objectKey, owner) == 1;
    }

    static void remove(JdbcTemplate jdbc, String home, String path) {
        jdbc.update("delete from entries where home = ? and folder = ? and name_key = ?", home, PathRules.parentOf(path),
                NameFold.key(PathRules.leafOf(path)));
    }

    public void makeFolder(String home, String path) throws StoreException {
        database.inTransaction(jdbc -> {
            if (!holdFolder(jdbc, home, PathRules.parentOf(path))) {
                throw PathRules.noSuchFolder(PathRules.parentOf(path));
            }
            if (!claim(jdbc, home, path, true, StoredFile.FOLDER, null, null, null)) {
                throw new StoreException(Reason.EXISTS, path + " already exists");
            }
            return null;
        });
    }

    /**
     * Removes an empty folder: one with no entries, no upload into it under way (a live lease, on any replica) and no
     * interrupted upload's parts kept for a resume into it, as on the local store, where their files keep it.
     */
    public void removeFolder(String home, String path, Instant now) throws StoreException {
        database.inTransaction(jdbc -> {
            Entry entry = find(jdbc, home, path, true);
            if (entry == null || !entry.isFolder()) {
                throw PathRules.noSuchFolder(path);
            }
            Integer count = jdbc.queryForObject("select count(*) from entries where home = ? and folder = ?", Integer.class, home, path);
            if (count != null && count > 0) {
                throw new StoreException(Reason.EXISTS, "%s is not empty (%d %s)".formatted(path, count, count == 1 ? "entry" : "entries"));
            }
            refuseWhileUploading(jdbc, home, path, "removed", now);
            List<Timestamp> kept = jdbc.query("select lease_until from uploads where home = ? and partial and starts_with(path, ?)",
                    (rs, n) -> rs.getTimestamp(1), home, path + "/");
            if (!kept.isEmpty()) {
                Instant until = kept.stream().map(Timestamp::toInstant).max(Instant::compareTo).orElseThrow();
                throw StoreException.keptParts(path, kept.size(), until);
            }
            remove(jdbc, home, path);
            return null;
        });
    }

    /**
     * Refuses to move or remove {@code folder} while uploads into it (or below it) are under way, on any replica: each
     * would find its folder gone only when it commits, after its whole body (the local store refuses the same way).
     */
    private static void refuseWhileUploading(JdbcTemplate jdbc, String home, String folder, String verb, Instant now) throws StoreException {
        Integer uploading = jdbc.queryForObject("select count(*) from uploads where home = ? and not partial and lease_until > ? and starts_with(path, ?)",
                Integer.class, home, Timestamp.from(now), folder + "/");
        if (uploading != null && uploading > 0) {
            throw StoreException.uploadsUnderWay(folder, verb, uploading);
        }
    }

    /** Removes a file's row and counts it out of the home's usage; answers the object to remove after the commit. */
    public String delete(String home, String path) throws StoreException {
        return database.inTransaction(jdbc -> {
            Entry entry = find(jdbc, home, path, true);
            if (entry == null) {
                throw PathRules.notFound(path);
            }
            if (entry.isFolder()) {
                throw new StoreException(Reason.EXISTS, path + " is a folder; RMDIR removes an empty folder");
            }
            remove(jdbc, home, path);
            UploadLedger.counted(jdbc, home, -entry.size(), -1);
            doomed.add(jdbc, entry.objectKey());
            return entry.objectKey();
        });
    }

    /**
     * Gives a file or a folder (with everything in it) another path: rows change, objects stay. An existing file at
     * {@code to} is replaced only with {@code overwrite} (its object is answered for removal); a folder never is.
     */
    public String rename(String home, String from, String to, boolean overwrite, Instant now) throws StoreException {
        if (to.equals(from) || to.startsWith(from + "/")) {
            throw new StoreException(Reason.REFUSED_NAME, "refused name: a folder cannot move into itself");
        }
        return database.inTransaction(jdbc -> {
            Entry source = find(jdbc, home, from, true);
            if (source == null) {
                throw PathRules.notFound(from);
            }
            if (!holdFolder(jdbc, home, PathRules.parentOf(to))) {
                throw PathRules.noSuchFolder(PathRules.parentOf(to));
            }
            String replaced = null;
            Entry target = claimant(jdbc, home, to, true);
            boolean sameName = PathRules.parentOf(from).equals(PathRules.parentOf(to)) && NameFold.key(PathRules.leafOf(from))
                    .equals(NameFold.key(PathRules.leafOf(to)));
            if (target != null && !sameName) {
                if (target.isFolder() || source.isFolder()) {
                    throw new StoreException(Reason.EXISTS, to + " is a folder");
                }
                if (!overwrite || !target.path().equals(to)) {
                    throw new StoreException(Reason.EXISTS, to + " already exists and overwriting is off");
                }
                remove(jdbc, home, to);
                UploadLedger.counted(jdbc, home, -target.size(), -1);
                doomed.add(jdbc, target.objectKey());
                replaced = target.objectKey();
            }
            jdbc.update("update entries set folder = ?, name_key = ?, name = ? where home = ? and folder = ? and name_key = ?",
                    PathRules.parentOf(to), NameFold.key(PathRules.leafOf(to)), PathRules.leafOf(to), home, PathRules.parentOf(from),
                    NameFold.key(PathRules.leafOf(from)));
            if (source.isFolder()) {
                refuseWhileUploading(jdbc, home, from, "renamed", now);
                // everything below moves with it: the folder column of each descendant gets the new prefix
                jdbc.update("update entries set folder = ? || substr(folder, ?) where home = ? and (folder = ? or starts_with(folder, ?))",
                        to, from.codePointCount(0, from.length()) + 1, home, from, from + "/");
                // and the parts of interrupted uploads kept for a resume into it: their resume names the new path (they
                // stayed under the old one, the resume started over and the parts waited out their retention)
                jdbc.update("update uploads set path = ? || substr(path, ?) where home = ? and partial and starts_with(path, ?)",
                        to, from.codePointCount(0, from.length()) + 1, home, from + "/");
            }
            return replaced;
        });
    }

    /** Files the home holds (for QUOTA and the file limit). */
    public long fileCount(String home) throws StoreException {
        return database.read(jdbc -> {
            List<Long> files = jdbc.query("select files from usage where home = ?", (rs, n) -> rs.getLong(1), home);
            return files.isEmpty() ? 0L : files.get(0);
        });
    }
}
