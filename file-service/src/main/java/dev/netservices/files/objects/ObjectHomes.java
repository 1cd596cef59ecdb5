package dev.netservices.files.objects;

import java.util.HashMap;
import java.util.Map;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.store.FileStore;
import dev.netservices.files.store.Homes;
import dev.netservices.files.store.PathRules;
import dev.netservices.files.store.StoreException;
import dev.netservices.files.store.StoreLimits;

/**
 * Homes in the catalog: a home is a key of its rows (its own folders, usage and quota), not a folder of another
 * library, so each account's names and quota are its own on every replica. Stores are kept per home and limits.
 */
public final class ObjectHomes implements Homes {

    private record Key(String folder, long quota, long maxFiles) {
    }

    private final ObjectStoreParts parts;
    private final StoreLimits limits;
    private final ObjectFileStore.UploadRules rules;
    private final ServiceClock clock;
    private final FileStore anonymous;
    // Guarded by this.
    private final Map<Key, ObjectFileStore> open = new HashMap<>();

    public ObjectHomes(ObjectStoreParts parts, StoreLimits limits, ObjectFileStore.UploadRules rules, ServiceClock clock, FileStore rootStore,
            String anonymousHome) {
        this.parts = parts;
        this.limits = limits;
        this.rules = rules;
        this.clock = clock;
        this.anonymous = anonymousHome(rootStore, anonymousHome);
    }

    @Override
    public synchronized FileStore home(String folder, long quota, long maxFiles) throws StoreException {
        String key = new PathRules(limits).normalized(folder);
        return open.computeIfAbsent(new Key(key, quota, maxFiles),
                k -> new ObjectFileStore(k.folder(), parts, limits.forHome(quota, maxFiles), rules, clock));
    }

    @Override
    public FileStore anonymous() {
        return anonymous;
    }
}
