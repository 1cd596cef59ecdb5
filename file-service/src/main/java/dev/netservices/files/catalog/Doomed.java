package dev.netservices.files.catalog;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.store.StoreException;

/**
 * Objects whose row is gone and which the object store still holds: recorded in the transaction that drops the row,
 * forgotten once the object is removed. What the store could not remove at once (it was unreachable) the sweeper
 * removes later.
 */
public final class Doomed {

    private final CatalogDatabase database;
    private final ServiceClock clock;

    public Doomed(CatalogDatabase database, ServiceClock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** An object (and the multipart upload writing it, when any) to remove. */
    public record Doom(String objectKey, String multipartId) {
    }

    void add(JdbcTemplate jdbc, String objectKey) {
        add(jdbc, objectKey, null);
    }

    void add(JdbcTemplate jdbc, String objectKey, String multipartId) {
        if (objectKey != null) {
            jdbc.update("insert into doomed_objects (object_key, multipart_id, since) values (?, ?, ?) on conflict do nothing", objectKey,
                    multipartId, Timestamp.from(clock.now()));
        }
    }

    /** The object is removed from the store. */
    public void removed(String objectKey) throws StoreException {
        database.read(jdbc -> jdbc.update("delete from doomed_objects where object_key = ?", objectKey));
    }

    /** Doomed objects, oldest first, at most {@code limit}. */
    public List<Doom> oldest(int limit) throws StoreException {
        return database.read(jdbc -> jdbc.query("select object_key, multipart_id from doomed_objects order by since limit ?",
                (rs, n) -> new Doom(rs.getString(1), rs.getString(2)), limit));
    }
}
