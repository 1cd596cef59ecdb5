package dev.netservices.web.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small hot files in memory. Every lookup is given the file's current attributes (the caller stats the
 * file anyway for ETag and Last-Modified), and an entry whose size or modification time differs is
 * read again: a file changed on disk is served new at once.
 */
public final class FileCache {

    private record Entry(ByteBuffer content, long size, FileTime modified) {
    }

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong totalBytes = new AtomicLong();
    private final long maxFileBytes;
    private final long maxTotalBytes;

    /** @param maxFileBytes 0 turns the cache off */
    public FileCache(long maxFileBytes, long maxTotalBytes) {
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** The whole file as a read-only buffer of its own, or null when it is not cached (too large, unreadable). */
    public ByteBuffer get(Path file, BasicFileAttributes attributes) {
        long size = attributes.size();
        if (size > maxFileBytes) {
            return null;
        }
        Entry entry = entries.get(file);
        if (entry != null && entry.size() == size && entry.modified().equals(attributes.lastModifiedTime())) {
            return entry.content().duplicate();
        }
        // Direct memory: a socket write from a heap buffer would first copy it into a direct one.
        ByteBuffer content = ByteBuffer.allocateDirect((int) size);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (content.hasRemaining() && channel.read(content) >= 0) {
                // read until full or end of file
            }
            if (content.hasRemaining() || channel.size() != size) {
                return null; // being written right now: not worth caching, let zero-copy send what is there
            }
        } catch (IOException e) {
            return null;
        }
        content.flip();
        Entry fresh = new Entry(content.asReadOnlyBuffer(), size, attributes.lastModifiedTime());
        Entry old = entries.put(file, fresh);
        long total = totalBytes.addAndGet(size - (old == null ? 0 : old.size()));
        if (total > maxTotalBytes) {
            // Crude but bounded: a full cache starts over rather than tracking recency on every hit.
            entries.clear();
            totalBytes.set(0);
        }
        return fresh.content().duplicate();
    }
}
