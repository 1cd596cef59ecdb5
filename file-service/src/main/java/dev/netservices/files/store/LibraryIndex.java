package dev.netservices.files.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.text.NameFold;
import dev.netservices.common.net.QuietClose;

/**
 * The library's files and sizes, kept current instead of walking the folder for every {@code LIST}
 * (a folder of 50,000 files costs most of a second of CPU per walk). The store's own uploads,
 * deletions and renames update it as they happen; changes made by hand in the folder arrive through a
 * {@link WatchService} a moment later (and a lost event, {@code OVERFLOW}, means one full walk). The
 * index's total is what the quota counts.
 */
final class LibraryIndex implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(LibraryIndex.class);

    private final Path folder;
    private final LibraryNames names;
    private final Map<String, Long> sizes = new TreeMap<>();
    /** The names listed, by {@link NameFold#key}: what a new name may clash with. */
    private final Map<String, Set<String>> byKey = new HashMap<>();
    private long totalBytes;
    private WatchService watcher;
    private Thread watching;

    LibraryIndex(LibraryNames names) {
        this.names = names;
        this.folder = names.folder();
    }

    /** Walks the folder once and starts watching it. */
    void start() throws IOException {
        try {
            watcher = folder.getFileSystem().newWatchService();
            folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            watching = Thread.ofPlatform().daemon().name("files-index").start(this::watch);
        } catch (UnsupportedOperationException e) {
            log.warn("{} cannot be watched: files changed by hand appear only after a restart", folder);
        }
        rescan();
    }

    synchronized List<StoredFile> files() {
        List<StoredFile> files = new ArrayList<>(sizes.size());
        sizes.forEach((name, size) -> files.add(new StoredFile(name, size)));
        return files;
    }

    synchronized long totalBytes() {
        return totalBytes;
    }

    synchronized void put(String name, long size) {
        Long old = sizes.put(name, size);
        totalBytes += size - (old == null ? 0 : old);
        byKey.computeIfAbsent(NameFold.key(name), key -> new TreeSet<>()).add(name);
    }

    synchronized void remove(String name) {
        Long old = sizes.remove(name);
        if (old != null) {
            totalBytes -= old;
            String key = NameFold.key(name);
            Set<String> spellings = byKey.get(key);
            if (spellings != null && spellings.remove(name) && spellings.isEmpty()) {
                byKey.remove(key);
            }
        }
    }

    /** A listed name other than {@code name} and {@code except} that folds like {@code name}, or null. */
    synchronized String clashWith(String name, String except) {
        Set<String> spellings = byKey.get(NameFold.key(name));
        if (spellings == null) {
            return null;
        }
        for (String spelling : spellings) {
            if (!spelling.equals(name) && !spelling.equals(except)) {
                return spelling;
            }
        }
        return null;
    }

    /** Looks at one entry again, as it is on disk now. */
    void refresh(String entry) {
        if (entry.startsWith(".")) {
            return;
        }
        try {
            if (names.isListed(entry)) {
                put(entry, Files.size(folder.resolve(entry)));
                return;
            }
        } catch (IOException e) {
            // gone meanwhile
        }
        remove(entry);
    }

    void rescan() throws IOException {
        Map<String, Long> found = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                try {
                    if (!name.startsWith(".") && names.isListed(name)) {
                        found.put(name, Files.size(entry));
                    }
                } catch (IOException e) {
                    // gone meanwhile: not part of the library
                }
            }
        }
        synchronized (this) {
            sizes.clear();
            byKey.clear();
            totalBytes = 0;
            found.forEach(this::put);
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        rescan();
                    } else if (event.context() instanceof Path entry) {
                        refresh(entry.toString());
                    }
                }
                if (!key.reset()) {
                    log.warn("{} is no longer watched (removed?): the listing no longer follows changes made by hand", folder);
                    return;
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed with the store
        } catch (IOException e) {
            log.warn("the library index stopped following {}: {}", folder, e.toString());
        }
    }

    @Override
    public void close() {
        QuietClose.close(watcher);
    }
}
