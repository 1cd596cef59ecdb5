package dev.netservices.files.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.text.NameFold;

/**
 * The library's folders, files and sizes, kept current instead of walking the tree for every {@code LIST}
 * (a folder of 50,000 files costs most of a second of CPU per walk). The store's own uploads, deletions,
 * renames and folder changes update it as they happen; changes made by hand arrive through a {@link WatchService}
 * registered on every folder, a moment later (a new folder is walked and watched; a lost event,
 * {@code OVERFLOW}, means one full walk). The index's total is what the quota counts.
 *
 * <p>Paths are relative to the top folder ({@code ""}); each folder keeps its entries sorted by name, a
 * sub-folder recorded with {@link StoredFile#FOLDER} as its size.
 */
final class LibraryIndex implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(LibraryIndex.class);

    /** One folder's entries, and its names by {@link NameFold#key}: what a new name in it may clash with. */
    private static final class Folder {
        final Map<String, Long> entries = new TreeMap<>();
        final Map<String, Set<String>> byKey = new HashMap<>();
    }

    /**
     * Every folder's entries, the totals, and the watch key of each folder walked. A rescan builds a new one aside
     * and swaps it in whole, so a {@code LIST} or the quota never sees a half-walked library.
     */
    private static final class Tree {
        final Map<String, Folder> folders = new HashMap<>();
        final Map<WatchKey, String> watched = new HashMap<>();
        long totalBytes;
        long fileCount;

        Tree() {
            folders.put("", new Folder());
        }

        void put(String path, long size) {
            Folder parent = folders.get(LibraryNames.parentOf(path));
            if (parent == null) {
                return;
            }
            String leaf = LibraryNames.leafOf(path);
            Long old = parent.entries.put(leaf, size);
            count(old, -1);
            count(size, +1);
            parent.byKey.computeIfAbsent(NameFold.key(leaf), key -> new TreeSet<>()).add(leaf);
            if (size == StoredFile.FOLDER) {
                folders.putIfAbsent(path, new Folder());
            } else if (old != null && old == StoredFile.FOLDER) {
                forgetTree(path);
            }
        }

        void remove(String path) {
            Folder parent = folders.get(LibraryNames.parentOf(path));
            if (parent == null) {
                return;
            }
            String leaf = LibraryNames.leafOf(path);
            Long old = parent.entries.remove(leaf);
            if (old == null) {
                return;
            }
            count(old, -1);
            String key = NameFold.key(leaf);
            Set<String> spellings = parent.byKey.get(key);
            if (spellings != null && spellings.remove(leaf) && spellings.isEmpty()) {
                parent.byKey.remove(key);
            }
            if (old == StoredFile.FOLDER) {
                forgetTree(path);
            }
        }

        private void forgetTree(String folder) {
            Folder gone = folders.remove(folder);
            if (gone == null) {
                return;
            }
            gone.entries.forEach((name, size) -> {
                count(size, -1);
                if (size == StoredFile.FOLDER) {
                    forgetTree(LibraryNames.join(folder, name));
                }
            });
        }

        private void count(Long size, int sign) {
            if (size == null || size == StoredFile.FOLDER) {
                return;
            }
            totalBytes += sign * size;
            fileCount += sign;
        }
    }

    /** A change made to the live tree while a rescan walks: replayed onto the new tree before it is swapped in. */
    private record Change(String path, Long size) {
        void applyTo(Tree tree) {
            if (size == null) {
                tree.remove(path);
            } else {
                tree.put(path, size);
            }
        }
    }

    private final Path top;
    private final LibraryNames names;
    // Guarded by this.
    private Tree tree = new Tree();
    // Guarded by this; not null while a rescan walks: the tree it builds, the live changes made meanwhile.
    private Tree rescanning;
    private List<Change> duringRescan;
    // One rescan at a time: the first walk may meet the watcher's walk after a lost event.
    private final ReentrantLock walkingAll = new ReentrantLock();
    private WatchService watcher;

    LibraryIndex(LibraryNames names) {
        this.names = names;
        this.top = names.folder();
    }

    /** Walks the tree once and starts watching it. */
    void start() throws IOException {
        try {
            watcher = top.getFileSystem().newWatchService();
            Thread.ofPlatform().daemon().name("files-index").start(this::watch);
        } catch (UnsupportedOperationException e) {
            log.warn("{} cannot be watched: files changed by hand appear only after a restart", top);
        }
        rescan();
    }

    /** The entries of {@code folder}, sorted by name; null when there is no such folder. */
    synchronized List<StoredFile> entries(String folder) {
        Folder found = tree.folders.get(folder);
        if (found == null) {
            return null;
        }
        List<StoredFile> files = new ArrayList<>(found.entries.size());
        found.entries.forEach((name, size) -> files.add(new StoredFile(name, size)));
        return files;
    }

    /** The size recorded for {@code path} ({@link StoredFile#FOLDER} for a folder), or null when it is not recorded. */
    private synchronized Long recordedSize(String path) {
        Folder parent = tree.folders.get(LibraryNames.parentOf(path));
        return parent == null ? null : parent.entries.get(LibraryNames.leafOf(path));
    }

    synchronized boolean isFolder(String path) {
        return tree.folders.containsKey(path);
    }

    synchronized long totalBytes() {
        return tree.totalBytes;
    }

    synchronized long fileCount() {
        return tree.fileCount;
    }

    /** Records a file of {@code size} bytes, or a folder ({@link StoredFile#FOLDER}), at {@code path}. */
    synchronized void put(String path, long size) {
        tree.put(path, size);
        if (duringRescan != null) {
            duringRescan.add(new Change(path, size));
        }
    }

    /** Forgets {@code path}, and everything under it when it is a folder. */
    synchronized void remove(String path) {
        tree.remove(path);
        if (duringRescan != null) {
            duringRescan.add(new Change(path, null));
        }
    }

    /**
     * Records a folder the store has just made, and watches it: files an operator drops into it by hand are then
     * noticed like anywhere else in the library.
     */
    void addFolder(String path) {
        put(path, StoredFile.FOLDER);
        try {
            walk(path, null);
        } catch (IOException e) {
            log.warn("{} was made but cannot be walked: files put in it by hand appear after the next rescan ({})",
                    path, e.toString());
        }
    }

    /**
     * Records a folder the store has just moved to {@code path}, with everything in it, before the move is answered.
     * Unlike {@link #refresh} it walks the folder even when its name is recorded already: the watcher may have
     * recorded the name from the move's own event a moment before and still be walking it, and a {@code LIST} right
     * after the answer would then show the folder empty.
     */
    void folderMovedIn(String path) {
        String folder = LibraryNames.parentOf(path);
        String entry = LibraryNames.leafOf(path);
        if (names.isListedFolder(folder, entry) && depthOf(path) < names.maxDepth()) {
            addFolder(path);
        } else {
            refresh(folder, entry);
        }
    }

    /** An entry of {@code path}'s folder other than {@code path} and {@code except} that folds like it, or null. */
    synchronized String clashWith(String path, String except) {
        Folder parent = tree.folders.get(LibraryNames.parentOf(path));
        if (parent == null) {
            return null;
        }
        String leaf = LibraryNames.leafOf(path);
        String exceptLeaf = except == null || !LibraryNames.parentOf(except).equals(LibraryNames.parentOf(path)) ? null
                : LibraryNames.leafOf(except);
        Set<String> spellings = parent.byKey.get(NameFold.key(leaf));
        if (spellings == null) {
            return null;
        }
        for (String spelling : spellings) {
            if (!spelling.equals(leaf) && !spelling.equals(exceptLeaf)) {
                return LibraryNames.join(LibraryNames.parentOf(path), spelling);
            }
        }
        return null;
    }

    /** Looks at one entry again, as it is on disk now; a new folder is walked and watched. */
    void refresh(String folder, String entry) {
        if (entry.startsWith(".")) {
            return;
        }
        String path = LibraryNames.join(folder, entry);
        // Two cheap answers first, one lstat for both: most events are of names already gone (a tree deleted by hand
        // sends one per entry, each costing the full checks below twice before) and of the store's own uploads, which
        // it recorded at their size before the event came. Anything else (a link, a new name, another size) is checked.
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(top.resolve(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            remove(path);
            return;
        }
        if (now.isRegularFile() && Long.valueOf(now.size()).equals(recordedSize(path))) {
            return;
        }
        try {
            if (names.isListedFile(folder, entry)) {
                put(path, Files.size(top.resolve(path)));
                return;
            }
            if (names.isListedFolder(folder, entry) && depthOf(path) < names.maxDepth()) {
                if (!isFolder(path)) {
                    put(path, StoredFile.FOLDER);
                    walk(path, null);
                }
                return;
            }
        } catch (IOException e) {
            // gone meanwhile
        }
        remove(path);
    }

    /**
     * Walks the whole library into a new tree while the old one keeps answering, then swaps it in. The store's own
     * changes meanwhile go to both: to the old tree as usual and, replayed in order, to the new one, which may have
     * read their folder before they happened. (Changes made by hand arrive as watch events and reach the live tree
     * the same way.)
     */
    void rescan() throws IOException {
        walkingAll.lock();
        try {
            Tree fresh = new Tree();
            List<Change> changes = new ArrayList<>();
            synchronized (this) {
                rescanning = fresh;
                duringRescan = changes;
            }
            try {
                walk("", fresh);
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    rescanning = null;
                    duringRescan = null;
                }
                throw e;
            }
            swapIn(fresh, changes);
        } finally {
            walkingAll.unlock();
        }
    }

    private synchronized void swapIn(Tree fresh, List<Change> changes) {
        changes.forEach(change -> change.applyTo(fresh));
        rescanning = null;
        duringRescan = null;
        // a folder the store walked meanwhile keeps its key; a folder that is gone loses it
        tree.watched.forEach((key, folder) -> {
            if (!fresh.watched.containsKey(key)) {
                if (key.isValid() && fresh.folders.containsKey(folder)) {
                    fresh.watched.put(key, folder);
                } else {
                    key.cancel();
                }
            }
        });
        tree = fresh;
    }

    /**
     * Records what {@code folder} holds, folders below it too, and watches each: into {@code fresh} when a rescan
     * builds one, else into the live tree.
     */
    private void walk(String folder, Tree fresh) throws IOException {
        watchFolder(folder, fresh);
        List<String> subfolders = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(top.resolve(folder.isEmpty() ? "." : folder).normalize())) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String path = LibraryNames.join(folder, name);
                try {
                    if (names.isListedFile(folder, name)) {
                        record(path, Files.size(entry), fresh);
                    } else if (names.isListedFolder(folder, name) && depthOf(path) < names.maxDepth()) {
                        record(path, StoredFile.FOLDER, fresh);
                        subfolders.add(path);
                    }
                } catch (IOException e) {
                    // gone meanwhile: not part of the library
                }
            }
        }
        for (String subfolder : subfolders) {
            try {
                walk(subfolder, fresh);
            } catch (IOException e) {
                // one unreadable folder (made by hand with other owners or modes) must not hide the rest of the library
                log.warn("folder {} cannot be read: its entries are not listed ({})", subfolder, e.toString());
            }
        }
    }

    private void record(String path, long size, Tree fresh) {
        if (fresh == null) {
            put(path, size);
        } else {
            fresh.put(path, size);
        }
    }

    private static int depthOf(String path) {
        return LibraryNames.segments(path).size();
    }

    private void watchFolder(String folder, Tree fresh) throws IOException {
        if (watcher == null) {
            return;
        }
        try {
            WatchKey key = top.resolve(folder.isEmpty() ? "." : folder).normalize().register(watcher,
                    StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
            synchronized (this) {
                (fresh == null ? tree : fresh).watched.put(key, folder);
            }
        } catch (ClosedWatchServiceException e) {
            // closed with the store
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                String folder;
                synchronized (this) {
                    // the first walk runs beside this thread: its keys are in the tree it builds
                    folder = tree.watched.get(key);
                    if (folder == null && rescanning != null) {
                        folder = rescanning.watched.get(key);
                    }
                }
                for (WatchEvent<?> event : key.pollEvents()) {
                    try {
                        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                            rescan();
                        } else if (folder != null && event.context() instanceof Path entry) {
                            refresh(folder, entry.toString());
                        }
                    } catch (IOException | RuntimeException e) {
                        // this thread is the only one following changes by hand: it goes on with the next event
                        log.warn("the library index could not follow a change in {}: {}", top, e.toString());
                    }
                }
                if (!key.reset()) {
                    synchronized (this) {
                        tree.watched.remove(key);
                    }
                    if ("".equals(folder)) {
                        log.warn("{} is no longer watched (removed?): the listing no longer follows changes made by hand", top);
                    }
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed with the store
        }
    }

    @Override
    public void close() {
        QuietClose.close(watcher);
    }
}
