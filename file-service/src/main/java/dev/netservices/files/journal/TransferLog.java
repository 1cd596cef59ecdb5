package dev.netservices.files.journal;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.session.TransferJournal;

/**
 * The transfer log: one JSON line per upload, download, delete, rename, mkdir and rmdir, with its time, user,
 * address, path, bytes, duration, digest and outcome. Sessions only hand their entry to a bounded queue; one
 * background thread formats, writes and rotates, so a slow disk never slows a transfer (a full queue drops the
 * entry and counts it, warned once a minute). Rotation: when the file reaches {@code maxFileBytes} it becomes
 * {@code <file>.1}, the older ones move up to {@code <file>.<maxFiles>}, the oldest is deleted.
 *
 * <pre>
 *   running ──close──► draining (entries queued before close are written) ──► closed
 * </pre>
 */
public final class TransferLog implements TransferJournal, Closeable {

    private static final Logger log = LoggerFactory.getLogger(TransferLog.class);
    private static final int QUEUE = 10_000;

    private final Path file;
    private final long maxFileBytes;
    private final int maxFiles;
    private final ServiceClock clock;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    public TransferLog(Path file, long maxFileBytes, int maxFiles, ServiceClock clock) {
        this.file = file;
        this.maxFileBytes = maxFileBytes;
        this.maxFiles = maxFiles;
        this.clock = clock;
        this.writer = Thread.ofPlatform().daemon().name("files-transfer-log").start(this::write);
    }

    @Override
    public void record(Entry entry) {
        if (!queue.offer(JsonLine.of(clock.now(), entry))) {
            dropped.incrementAndGet();
        }
    }

    /** Entries dropped because the writer fell behind. */
    public long dropped() {
        return dropped.get();
    }

    private void write() {
        BufferedWriter out = null;
        long size = 0;
        long warnedDrops = 0;
        try {
            while (!closing || !queue.isEmpty()) {
                String line = queue.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (out != null) {
                        out.flush();
                    }
                    continue;
                }
                if (out == null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                    size = Files.exists(file) ? Files.size(file) : 0;
                    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                out.write(line);
                out.write('\n');
                size += line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (size >= maxFileBytes) {
                    out.close();
                    out = null;
                    rotate();
                }
                long drops = dropped.get();
                if (drops > warnedDrops) {
                    log.warn("the transfer log fell behind: {} entries dropped so far", drops);
                    warnedDrops = drops;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("the transfer log {} cannot be written, no more entries: {}", file, e.toString());
        } finally {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    log.warn("closing the transfer log {}: {}", file, e.toString());
                }
            }
        }
    }

    private void rotate() throws IOException {
        Files.deleteIfExists(numbered(maxFiles));
        for (int i = maxFiles - 1; i >= 1; i--) {
            if (Files.exists(numbered(i))) {
                Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    }

    private Path numbered(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    /** Writes what was queued, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
