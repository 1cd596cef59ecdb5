package dev.netservices.files.objects;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.files.catalog.Doomed;
import dev.netservices.files.catalog.FolderTree;
import dev.netservices.files.catalog.UploadLedger;
import dev.netservices.files.store.StoreException;

/**
 * What every home's store shares: the catalog's tree and ledger, the doomed objects and the bucket. Also the one
 * place an object whose row is gone is removed: at once, and when that fails, by the sweeper later.
 */
public record ObjectStoreParts(FolderTree tree, UploadLedger ledger, Doomed doomed, ObjectBucket bucket, Set<UUID> live) {

    /** @param live the uploads this replica is at work on, whose leases its heartbeat ({@link ObjectSweeper}) renews */
    public ObjectStoreParts(FolderTree tree, UploadLedger ledger, Doomed doomed, ObjectBucket bucket) {
        this(tree, ledger, doomed, bucket, ConcurrentHashMap.newKeySet());
    }

    private static final Logger log = LoggerFactory.getLogger(ObjectStoreParts.class);

    /** Removes a doomed object now; one the store cannot remove now stays doomed for the sweeper. */
    void removeNow(String objectKey, String multipartId) {
        try {
            bucket.remove(objectKey, multipartId);
            doomed.removed(objectKey);
        } catch (StoreException e) {
            log.warn("object {} left for the sweeper: {}", objectKey, e.getMessage());
        }
    }
}
