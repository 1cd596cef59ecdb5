package dev.netservices.files.session;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.text.NameFold;

/**
 * The replies to a session's pipelined uploads. Once an upload's body is in, its last step (forcing the file, giving it
 * its name, forcing the folder) runs off the session's thread, which reads the next command meanwhile; the upload's
 * reply goes out once that step has ended, and never before the reply of any command before it. Several forces in
 * flight at once let the file system commit them in one journal transaction instead of one each.
 *
 * <p>Only uploads and {@code MKDIR}s overlap: any other command {@link #settle() settles} first (waits until every
 * earlier reply is sent), so it sees what those did and its reply follows theirs. A {@code MKDIR} (made and its parent
 * forced off the session's thread, as a mirror makes a level of folders) overlaps only other {@code MKDIR}s that are
 * neither it nor a folder above it; an upload settles first while a {@code MKDIR} waits (its folder may not be there
 * yet). At most {@code limit} uploads and folders wait at once; the session reads no further command until one is
 * answered (its client's bytes wait in TCP's buffers). An upload holds its quota reservation and its name's claim until
 * its reply. With a limit of 0 (and over TLS, whose cipher state is the session thread's) each is forced and answered
 * before the next command is read.
 *
 * <pre>
 *   body in ──submit──► forcing (a force thread) ──ended──► waits for the replies before it ──► sent (slot free)
 *                         ▲ limit reached: submit waits for a slot
 *   any other command ──settle──► waits until every reply submitted is sent ──► runs, answers itself
 * </pre>
 */
final class UploadAcks {

    private static final Logger log = LoggerFactory.getLogger(UploadAcks.class);
    /** A force mostly waits on the disk: a virtual thread each, whatever the number of cores. */
    private static final Executor FORCES = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("upload-force-", 0).factory());

    private final SessionOutput out;
    private final int limit;
    private final Semaphore slots;
    /** The paths of the uploads waiting, lower-cased: a command on one of them settles first. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    /** The folders whose {@code MKDIR} waits, folded: an upload, or a folder at or below one, settles first. */
    private final Set<String> folders = ConcurrentHashMap.newKeySet();
    /** Completes once the last reply submitted is sent; the session thread's only. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private volatile IOException lost;

    UploadAcks(SessionOutput out, int limit) {
        this.out = out;
        this.limit = limit;
        this.slots = new Semaphore(Math.max(1, limit));
    }

    /**
     * Runs {@code finish} (the upload's last step, answering its reply; it never throws) and sends the reply after every
     * earlier one: off the session thread when pipelining, else here and now. Waits while {@code limit} uploads wait.
     */
    void submit(String path, Supplier<Reply> finish) throws IOException {
        submit(path, waiting, key(path), finish);
    }

    /**
     * {@link #submit} for a {@code MKDIR} ({@code make}: making the folder, forcing its parent, answering its reply); the
     * caller asked {@link #mayMakeFolder} first.
     */
    void submitFolder(String path, Supplier<Reply> make) throws IOException {
        submit(path, folders, folderKey(path), make);
    }

    private void submit(String path, Set<String> held, String key, Supplier<Reply> finish) throws IOException {
        if (limit == 0) {
            settle();
            out.send(finish.get());
            return;
        }
        slots.acquireUninterruptibly();
        held.add(key);
        CompletableFuture<Reply> durable = CompletableFuture.supplyAsync(() -> guarded(finish, path), FORCES);
        tail = tail.thenCombine(durable, (ignored, reply) -> {
            try {
                send(reply);
            } finally {
                held.remove(key);
                slots.release();
            }
            return null;
        });
    }

    /**
     * Whether an upload of {@code path} must {@link #settle()} first: an upload of the same path (any case) waits, or a
     * {@code MKDIR} does (the folder it goes into may be that one).
     */
    boolean holds(String path) {
        return !folders.isEmpty() || (!waiting.isEmpty() && waiting.contains(key(path)));
    }

    /**
     * Whether a {@code MKDIR} of {@code path} may overlap what waits: no upload waits, and no waiting {@code MKDIR} is
     * of this folder or of one above it (one below it cannot be: its parent would be missing).
     */
    boolean mayMakeFolder(String path) {
        if (!waiting.isEmpty()) {
            return false;
        }
        if (folders.isEmpty()) {
            return true;
        }
        String key = folderKey(path);
        for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
            if (folders.contains(key.substring(0, slash))) {
                return false;
            }
        }
        return !folders.contains(key);
    }

    /** Returns once every reply submitted is sent; throws when one could not be (the client is gone). */
    void settle() throws IOException {
        tail.join();
        IOException failure = lost;
        if (failure != null) {
            throw failure;
        }
    }

    /** {@link #settle()} for a session that ends: the uploads still finish, and their replies go out when they can. */
    void settleQuietly() {
        tail.join();
    }

    private void send(Reply reply) {
        if (lost != null) {
            return;
        }
        try {
            out.send(reply);
        } catch (IOException e) {
            lost = e;
        }
    }

    /** An upload's last step that threw instead of answering (a bug): its reply says so, and the replies after it still go. */
    private static Reply guarded(Supplier<Reply> finish, String path) {
        try {
            return finish.get();
        } catch (RuntimeException | Error e) {
            log.error("storing {} failed", path, e);
            return Reply.error(ReplyCode.SERVER_ERROR, "storing " + path + " failed on the server");
        }
    }

    private static String key(String path) {
        return path.toLowerCase(Locale.ROOT);
    }

    /**
     * A folder's path folded as the store compares names ({@link NameFold}: names that fold alike are one), without a
     * leading or trailing {@code /}: two spellings of one folder meet, so their {@code MKDIR}s never race.
     */
    private static String folderKey(String path) {
        String key = NameFold.key(path);
        while (key.endsWith("/")) {
            key = key.substring(0, key.length() - 1);
        }
        return key.startsWith("/") ? key.substring(1) : key;
    }
}
