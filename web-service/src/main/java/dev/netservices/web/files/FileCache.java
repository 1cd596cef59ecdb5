package dev.netservices.web.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small hot files in memory. Every lookup is given the file's current attributes (the caller stats the
 * file anyway for ETag and Last-Modified), and an entry whose size or modification time differs is
 * read again: a file changed on disk is served new at once.
 *
 * <p>Memory is bounded by {@code maxTotalBytes} and nothing else: files are admitted while there is room
 * and then kept, and a file that does not fit is sent from disk by zero-copy instead. The cache never
 * empties itself to make room, because every buffer it drops may still be pinned by a connection whose
 * client has stopped reading; a cache that churned would let many stalled clients pin a buffer each
 * (issue 12: 220 such clients exhausted the direct memory of both event loops).
 */
public final class FileCache {

    private record Entry(ByteBuffer content, long size, FileTime modified) {
    }

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong totalBytes = new AtomicLong();
    private final long maxFileBytes;
    private volatile long maxTotalBytes;

    /**
     * @param maxFileBytes  0 turns the cache off
     * @param maxTotalBytes the cache's size; never more than half the direct memory this JVM may use
     */
    public FileCache(long maxFileBytes, long maxTotalBytes) {
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = Math.min(maxTotalBytes, DirectMemory.limit() / 2);
    }

    /** The cached file as a read-only buffer of its own, or null when it is not cached as it is now. */
    public ByteBuffer get(Path file, BasicFileAttributes attributes) {
        Entry entry = entries.get(file);
        if (entry != null && entry.size() == attributes.size() && entry.modified().equals(attributes.lastModifiedTime())) {
            return entry.content().duplicate();
        }
        return null;
    }

    /** True when the file is cached as it is now. */
    public boolean holds(Path file, BasicFileAttributes attributes) {
        Entry entry = entries.get(file);
        return entry != null && entry.size() == attributes.size() && entry.modified().equals(attributes.lastModifiedTime());
    }

    /**
     * Reads the already-open {@code channel} into the cache when the file is small enough and there is
     * room, and returns its bytes; null when it is not kept (the caller then sends it from the channel).
     */
    public ByteBuffer admit(Path file, BasicFileAttributes attributes, FileChannel channel) {
        long size = attributes.size();
        if (size > maxFileBytes) {
            return null;
        }
        Entry old = entries.get(file);
        long freed = old == null ? 0 : old.size();
        if (totalBytes.get() - freed + size > maxTotalBytes) {
            return null;
        }
        ByteBuffer content;
        try {
            // Direct memory: a socket write from a heap buffer would first copy it into a direct one.
            content = ByteBuffer.allocateDirect((int) size);
        } catch (OutOfMemoryError e) {
            // Only the direct-memory reservation can fail here. Each failed attempt makes the JDK collect and
            // wait (up to half a second, on an event loop), so the cache stops growing where it is.
            maxTotalBytes = totalBytes.get();
            return null;
        }
        try {
            while (content.hasRemaining() && channel.read(content, content.position()) >= 0) {
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
        Entry replaced = entries.put(file, fresh);
        totalBytes.addAndGet(size - (replaced == null ? 0 : replaced.size()));
        return fresh.content().duplicate();
    }
}
