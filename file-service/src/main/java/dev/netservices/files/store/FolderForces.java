package dev.netservices.files.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A group commit of folder forces: every upload that gave a file its name in a folder needs a force ({@code fsync})
 * of that folder that <em>began after</em> its rename; uploads asking for the same folder while one force runs all
 * wait for the next one, which one of them runs for all. Each caller returns only once such a force has ended well,
 * so nothing is acknowledged before its folder entry is on the disk; a mirror of many files into few folders pays a
 * fraction of a force per file instead of one each. Forces of different folders run side by side.
 *
 * <pre>
 *   idle ──force(folder)──► forcing gen n (the caller leads: fsync) ──ends──► idle (callers of gen n answered)
 *                             │ force(folder) meanwhile: wants gen n+1, waits
 *                             ▼
 *                           gen n ends ──► one of the waiters leads gen n+1 for all of them ──► ...
 * </pre>
 */
final class FolderForces {

    /** The force itself: {@code fsync(2)} of the folder in production. */
    interface Force {
        void force(Path folder) throws IOException;
    }

    /** The forces of one folder, counted in generations. */
    private static final class Folder {
        final Condition ended;
        long begun;
        long finished;
        long lastGood;
        IOException lastFailure;
        boolean running;
        int callers;

        Folder(Condition ended) {
            this.ended = ended;
        }
    }

    private final Force force;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Path, Folder> folders = new HashMap<>();

    FolderForces(Force force) {
        this.force = force;
    }

    /** Returns once a force of {@code folder} that began after this call has ended well; throws when that force failed. */
    void force(Path folder) throws IOException {
        lock.lock();
        try {
            Folder entry = folders.computeIfAbsent(folder, f -> new Folder(lock.newCondition()));
            entry.callers++;
            try {
                // a force already running may have read the folder before this caller's change: the next one covers it
                long needed = entry.begun + 1;
                while (entry.finished < needed) {
                    if (entry.running) {
                        entry.ended.awaitUninterruptibly();
                    } else {
                        lead(folder, entry, needed);
                    }
                }
                if (entry.lastGood < needed) {
                    throw new IOException("forcing the folder " + folder + " to disk failed: " + entry.lastFailure.getMessage(), entry.lastFailure);
                }
            } finally {
                if (--entry.callers == 0) {
                    folders.remove(folder);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs generation {@code generation} outside the lock, for this caller and every one that waits for it meanwhile. */
    private void lead(Path folder, Folder entry, long generation) {
        entry.running = true;
        entry.begun = generation;
        IOException failure = null;
        boolean good = false;
        lock.unlock();
        try {
            force.force(folder);
            good = true;
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e.toString(), e);
        } finally {
            lock.lock();
            // also when the force threw an Error: the waiters must not wait for a force nobody runs
            entry.running = false;
            entry.finished = generation;
            if (good) {
                entry.lastGood = generation;
            } else {
                entry.lastFailure = failure != null ? failure : new IOException("the force was cut short");
            }
            entry.ended.signalAll();
        }
    }
}
