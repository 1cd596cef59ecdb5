package dev.netservices.client.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sessions a mirror runs its jobs on, {@code --parallel N} of them: the command's own and up to N-1 more, opened
 * when a batch of jobs first needs them and kept for the mirror's later batches (up: the shared folders, then the lanes;
 * down: the files), closed at the end. Each job, or each lane of jobs, runs on whichever session is free; a job that
 * fails is reported with its path and the others go on.
 */
final class MirrorSessions implements AutoCloseable {

    /** One file's or folder's work on a session. */
    interface Work {
        void run(FileClientSession worker) throws IOException;
    }

    /** The work and the path it is reported under when it fails. */
    record Job(String path, Work work) {
    }

    /** Told of each job that failed. */
    interface Failures {
        void failed(String path, IOException e);
    }

    private final FileClientSession session;
    private final int parallel;
    private final Failures failures;
    private final BlockingQueue<FileClientSession> free = new LinkedBlockingQueue<>();
    private final List<FileClientSession> opened = new ArrayList<>();
    private final ExecutorService pool;
    /** Sessions the server refused (429): closed, never free again; the mirror's own session is never one. */
    private final AtomicInteger retired = new AtomicInteger();

    MirrorSessions(FileClientSession session, int parallel, Failures failures) {
        this.session = session;
        this.parallel = Math.max(1, parallel);
        this.failures = failures;
        free.add(session);
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(this.parallel, task -> {
            Thread thread = new Thread(task, "mirror-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs every job and returns when all have ended. */
    void run(List<Job> jobs) throws IOException {
        runLanes(jobs.stream().map(List::of).toList());
    }

    /**
     * Runs each lane's jobs in order on one session, the lanes side by side, and returns when all have ended: what a
     * lane sends pipelined (a folder, then the files in it) reaches the server in that order on one connection.
     */
    void runLanes(List<List<Job>> lanes) throws IOException {
        // sessions for as many lanes as can run at once, never more than --parallel
        while (1 + opened.size() < Math.min(parallel, lanes.size())) {
            FileClientSession worker = session.worker();
            opened.add(worker);
            free.add(worker);
        }
        try {
            List<Future<?>> running = new ArrayList<>();
            for (List<Job> lane : lanes) {
                running.add(pool.submit(() -> {
                    FileClientSession worker = usable(free.take());
                    try {
                        for (Job job : lane) {
                            try {
                                job.work().run(worker);
                            } catch (IOException e) {
                                failures.failed(job.path(), e);
                            }
                        }
                    } finally {
                        free.add(worker);
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            // the replies the sessions' pipelined uploads are still owed: every job's outcome is known when this returns
            session.settle();
            opened.forEach(FileClientSession::settle);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("mirror interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("mirror failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * {@code worker}, connected; or, when the server takes no more sessions ({@code ERR 429}: the account's
     * {@code max-sessions}, or the sessions one address may hold), another free session, and the mirror goes on with
     * fewer (said once). Such a session made its lane's first file fail, and the others waited for it in vain.
     */
    private FileClientSession usable(FileClientSession worker) throws InterruptedException {
        while (worker != session) {
            try {
                worker.connection();
                return worker;
            } catch (ServerReplyException refused) {
                if (refused.code() != 429) {
                    return worker;
                }
                worker.close();
                if (retired.getAndIncrement() == 0) {
                    session.err().println("mirror: going on with fewer sessions: " + refused.getMessage());
                }
                worker = free.take();
            } catch (IOException e) {
                // as any session that cannot connect: its jobs fail with the reason
                return worker;
            }
        }
        return worker;
    }

    /** The sessions opened for the mirror, for a test: the command's own is not counted. */
    int opened() {
        return opened.size();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        opened.forEach(FileClientSession::close);
    }
}
