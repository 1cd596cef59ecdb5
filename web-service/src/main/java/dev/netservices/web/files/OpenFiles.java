package dev.netservices.web.files;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The files held open by responses, server-wide ({@code web.max-open-files}). A response sent from disk keeps its
 * file open until its last byte is written, however long the client takes to read: over HTTP/2 a client may ask
 * for a large file on every stream of every connection and open no flow-control window (256 connections of 128
 * streams from one address are 32,768 files). Unbounded, that took every descriptor of the process, and the
 * acceptor then failed each new connection with "Too many open files", for every client. Held to this limit, a
 * response that would open one more file is a 503 with {@code Retry-After} instead, and the descriptors left
 * serve connections, logs and the cache.
 *
 * <p>A file that is to be sent from disk takes its place by {@link #take()} and gives it back when its body is
 * released; a file read into the cache is open only for that moment (one per event loop at most) and is not
 * counted, so a small file is still served from memory when the limit is met. The count is one atomic counter
 * shared by the event loops of both ports, with no lock.
 */
public final class OpenFiles {

    /** Assumed where the JVM cannot tell the process's descriptor limit (not a Unix). */
    static final long UNKNOWN_DESCRIPTOR_LIMIT = 4096;

    private final int limit;
    private final AtomicInteger held = new AtomicInteger();

    private OpenFiles(int limit) {
        this.limit = limit;
    }

    /**
     * @param configured {@code web.max-open-files}; 0: half of the process's descriptor limit, the other half
     *                   for connections (each is a descriptor too), the JVM's own files and the logs
     */
    public static OpenFiles of(int configured) {
        return new OpenFiles(configured > 0 ? configured : (int) Math.min(Integer.MAX_VALUE,
                Math.max(1, descriptorLimit() / 2)));
    }

    /** The process's open-file limit ({@code ulimit -n}), or {@link #UNKNOWN_DESCRIPTOR_LIMIT} when it is not told. */
    public static long descriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix && unix.getMaxFileDescriptorCount() > 0) {
            return unix.getMaxFileDescriptorCount();
        }
        return UNKNOWN_DESCRIPTOR_LIMIT;
    }

    public int limit() {
        return limit;
    }

    /** Files open now for responses (the {@code web.files.open} gauge). */
    public int held() {
        return held.get();
    }

    /** One file more, to be given back by running what is returned once; refused at the limit. */
    Runnable take() throws Exhausted {
        if (held.incrementAndGet() > limit) {
            held.decrementAndGet();
            throw new Exhausted(limit);
        }
        return new Slot();
    }

    /** For the start-up log line. */
    public String describe(int configured) {
        return "at most " + limit + " files held open by responses (web.max-open-files=" + configured
                + (configured > 0 ? "" : ": half of the process's " + descriptorLimit() + " file descriptors") + ")";
    }

    /** A file's place in the count, given back once however often its body is released. */
    private final class Slot implements Runnable {

        // a body is released on the one event loop that serves it
        private boolean given;

        @Override
        public void run() {
            if (!given) {
                given = true;
                held.decrementAndGet();
            }
        }
    }

    /** The server holds its limit of open files: the response is a 503, and the client may try again shortly. */
    public static final class Exhausted extends IOException {

        Exhausted(int limit) {
            super("the server holds its limit of " + limit + " files open for responses");
        }
    }
}
