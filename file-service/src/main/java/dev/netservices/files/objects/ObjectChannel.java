package dev.netservices.files.objects;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

import dev.netservices.files.store.StoreException;

/**
 * An object read as the store's {@code Download} reads a file: positional reads from one ranged GET kept open while
 * the reads follow each other (a download), opened again at the position asked when they jump. Read-only; what a
 * file channel can do beyond reading (mapping, locks, writes) an object cannot, and says so.
 */
final class ObjectChannel extends FileChannel {

    /** What one read moves at most: a download is a loop of these, so fewer and larger steps cost less per byte. */
    private static final int CHUNK = 256 * 1024;

    private final ObjectBucket bucket;
    private final String key;
    private final long size;
    private InputStream stream;
    private long streamPosition;
    private long position;
    private byte[] chunk;

    private ObjectChannel(ObjectBucket bucket, String key, long size) {
        this.bucket = bucket;
        this.key = key;
        this.size = size;
    }

    /**
     * The object read from {@code offset}, its GET already answered: a store that cannot serve it fails here, before the
     * client is told {@code OK}, not after.
     */
    static ObjectChannel opened(ObjectBucket bucket, String key, long size, long offset) throws StoreException {
        ObjectChannel channel = new ObjectChannel(bucket, key, size);
        if (offset < size) {
            channel.stream = bucket.read(key, offset);
            channel.streamPosition = offset;
        }
        return channel;
    }

    @Override
    public synchronized int read(ByteBuffer dst, long at) throws IOException {
        int n = readChunk(at, dst.remaining());
        if (n > 0) {
            dst.put(chunk, 0, n);
        }
        return n;
    }

    /** Reads up to {@code max} bytes at {@code at} into {@link #chunk}; -1 at the end of the object. */
    private int readChunk(long at, long max) throws IOException {
        if (at >= size) {
            return -1;
        }
        if (stream == null || streamPosition != at) {
            reopen(at);
        }
        int want = (int) Math.min(Math.min(max, CHUNK), size - at);
        if (chunk == null) {
            chunk = new byte[CHUNK];
        }
        int n = stream.read(chunk, 0, want);
        if (n < 0) {
            throw new IOException("the object of this file ended early at " + at + " of " + size + " bytes");
        }
        streamPosition += n;
        return n;
    }

    private void reopen(long at) throws IOException {
        closeStream();
        try {
            stream = bucket.read(key, at);
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        streamPosition = at;
    }

    @Override
    public synchronized long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        int n = readChunk(at, Math.max(1, count));
        if (n <= 0) {
            return 0;
        }
        ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n); // the chunk itself, no copy of it
        while (buffer.hasRemaining()) {
            target.write(buffer);
        }
        return n;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return length == 0 ? 0 : read(dsts[offset]);
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) {
        // nothing written, nothing to force
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long length) {
        throw new UnsupportedOperationException("an object cannot be mapped");
    }

    @Override
    public FileLock lock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("an object cannot be locked");
    }

    @Override
    public FileLock tryLock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("an object cannot be locked");
    }

    @Override
    protected synchronized void implCloseChannel() throws IOException {
        closeStream();
    }

    private void closeStream() throws IOException {
        if (stream != null) {
            if (stream instanceof software.amazon.awssdk.core.ResponseInputStream<?> response && streamPosition < size) {
                response.abort(); // a download cut short: drop the connection instead of reading the rest to reuse it
            }
            stream.close();
            stream = null;
        }
    }
}
