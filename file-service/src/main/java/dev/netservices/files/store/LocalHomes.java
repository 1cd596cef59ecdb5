package dev.netservices.files.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.root.RefusedNameException;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.store.StoreException.Reason;

/**
 * Homes as folders under the root, each served by its own {@link LocalFileStore} (its own index, quota ledger and
 * partial uploads), opened at the first login that needs it and kept until the service stops; a missing home
 * folder is made then, and made again (with a new store) at a login after it was moved or removed. One store per folder and limits, so sessions of one account share their ledger.
 */
public final class LocalHomes implements Homes, Closeable {

    private record Key(String folder, long quota, long maxFiles) {
    }

    private final ConfinedRoot root;
    private final StoreLimits limits;
    private final boolean overwrite;
    private final DiskSync sync;
    private final ServiceClock clock;
    private final FileStore anonymous;
    // Guarded by this.
    private final Map<Key, LocalFileStore> open = new HashMap<>();

    /**
     * @param rootStore     the whole library, what accounts without a home see
     * @param anonymousHome the folder anonymous sessions see as their top; empty: the whole root
     */
    public LocalHomes(Path root, StoreLimits limits, boolean overwrite, DiskSync sync, ServiceClock clock, FileStore rootStore,
            String anonymousHome) {
        this.root = new ConfinedRoot(root);
        this.limits = limits;
        this.overwrite = overwrite;
        this.sync = sync;
        this.clock = clock;
        this.anonymous = anonymousHome(rootStore, anonymousHome);
    }

    @Override
    public FileStore anonymous() {
        return anonymous;
    }

    @Override
    public synchronized FileStore home(String folder, long quota, long maxFiles) throws StoreException {
        Key key = new Key(folder, quota, maxFiles);
        LocalFileStore store = open.get(key);
        if (store != null && !isFolder(folder)) {
            // moved or removed since it was opened (by hand, or by an account that sees the whole root): the store
            // still served the folder's old place, where every PUT was refused as leading outside the root
            store.close();
            open.remove(key);
            store = null;
        }
        if (store == null) {
            Path home = made(folder);
            store = new LocalFileStore(home, limits.forHome(quota, maxFiles), overwrite, sync, clock);
            open.put(key, store);
        }
        return store;
    }

    private boolean isFolder(String folder) {
        try {
            return Files.isDirectory(root.resolvePath(folder), LinkOption.NOFOLLOW_LINKS);
        } catch (RefusedNameException e) {
            return false;
        }
    }

    private Path made(String folder) throws StoreException {
        try {
            Path home = root.resolvePath(folder);
            Path made = root.root();
            for (Path segment : root.root().relativize(home)) {
                made = made.resolve(segment);
                if (Files.isSymbolicLink(made)) {
                    throw new StoreException(Reason.REFUSED_NAME, "home folder " + folder + " goes through a link");
                }
                if (!Files.isDirectory(made, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(made);
                    sync.forceFolder(made.getParent());
                }
            }
            return home;
        } catch (RefusedNameException e) {
            throw new StoreException(Reason.REFUSED_NAME, "home folder " + folder + " refused: " + e.getMessage());
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "could not make the home folder " + folder, e);
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(LocalFileStore::close);
        open.clear();
    }
}
